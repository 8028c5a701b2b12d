package dev.bulwark.fs;

/**
 * Identifies the bytes of a regular file: the layer that wrote them and the name they were written
 * under there. Every hardlink to a file shares its ContentRef, so facts found for the bytes once
 * apply to each of their names.
 */
public record ContentRef(int layer, String path) {}
