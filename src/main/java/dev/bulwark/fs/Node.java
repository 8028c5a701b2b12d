package dev.bulwark.fs;

import dev.bulwark.layer.EntryType;
import java.util.Optional;

/**
 * A name in the stacked filesystem.
 *
 * @param type never {@link EntryType#HARDLINK}: a hardlink becomes a second name for its target
 * @param layer the layer that created this name
 * @param symlinkTarget the target of a symlink as written, otherwise empty
 * @param content for a regular file, whose bytes it has
 */
public record Node(EntryType type, int mode, long size, int layer, String symlinkTarget, Optional<ContentRef> content) {}
