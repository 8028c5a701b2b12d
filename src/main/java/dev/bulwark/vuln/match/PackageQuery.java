package dev.bulwark.vuln.match;

import dev.bulwark.vuln.version.VersionScheme;
import java.util.function.Predicate;

/**
 * How one inventory package is looked up in the advisory database: the ecosystem base (and the
 * release entries must name), the name advisories use for it, the version to compare, and the
 * scheme to compare with.
 *
 * @param ecosystemBase the OSV ecosystem before any colon ({@code Debian}, {@code PyPI})
 * @param release which releases of the base apply ({@code Debian:12} only for a Debian 12 image);
 *     always true for ecosystems without releases
 * @param name the package name advisories use: a distribution's source package, a language
 *     package's registry name
 * @param version the version to compare: the source version for Debian and Ubuntu
 */
public record PackageQuery(
    String ecosystemBase, Predicate<String> release, String name, String version, VersionScheme scheme) {}
