package dev.bulwark.layer;

/** The kinds of layer entries that matter to a filesystem view. */
public enum EntryType {
  FILE,
  DIRECTORY,
  SYMLINK,
  /** Another name for a file earlier in this layer or in a lower one. */
  HARDLINK,
  /** Devices, FIFOs and sockets: present in the tree, never read. */
  OTHER
}
