package dev.bulwark.audit.rule;

import dev.bulwark.audit.model.Location;

/**
 * One fact behind a finding: the model path, its value as reports print it (secrets masked), and
 * where the value was read.
 */
public record Evidence(String path, String value, Location location) {}
