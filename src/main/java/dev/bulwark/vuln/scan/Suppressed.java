package dev.bulwark.vuln.scan;

import dev.bulwark.vuln.match.Finding;

/**
 * A finding the user chose not to be told about again, and on whose word.
 *
 * @param by {@code vex} or {@code ignore-file}
 * @param status for VEX, the statement's status ({@code not_affected}, {@code fixed}); for the
 *     ignore file, {@code ignored}
 * @param reason the justification or impact statement, or the ignore entry's reason
 * @param source the file the statement came from
 */
public record Suppressed(Finding finding, String by, String status, String reason, String source) {}
