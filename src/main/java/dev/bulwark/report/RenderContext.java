package dev.bulwark.report;

import java.time.Instant;

/**
 * What a rendered document says about its own making. The timestamp is the only input that may
 * differ between two runs on the same image; pin it (--timestamp, SOURCE_DATE_EPOCH) for
 * byte-identical output.
 */
public record RenderContext(Instant timestamp, String toolName, String toolVersion) {}
