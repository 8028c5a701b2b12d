package dev.bulwark.io.tar;

/**
 * One entry of a tar archive as written, extension headers (GNU long names, pax records) applied.
 *
 * @param name the entry name as written (not yet checked for safety)
 * @param typeflag the ustar type byte: {@code '0'} file, {@code '1'} hardlink, {@code '2'} symlink,
 *     {@code '5'} directory, …
 * @param size the bytes of data that follow; 0 for the types that carry none (links, directories,
 *     devices), whatever the header says, as Go's archive/tar reads them
 * @param sparse a GNU sparse file, whose data is not the file's content
 */
public record TarEntry(String name, char typeflag, long size, int mode, String linkName, boolean sparse) {
  public boolean isFile() {
    return typeflag == '0' || typeflag == '\0' || typeflag == '7' || typeflag == 'S';
  }

  public boolean isDirectory() {
    return typeflag == '5';
  }

  public boolean isSymlink() {
    return typeflag == '2';
  }

  public boolean isHardlink() {
    return typeflag == '1';
  }

  /** Character and block devices and FIFOs. */
  public boolean isSpecial() {
    return typeflag == '3' || typeflag == '4' || typeflag == '6';
  }

  /** Whether the type is one Bulwark knows; others (GNU dumpdir, volume labels) are skipped. */
  public boolean isKnownType() {
    return isFile() || isDirectory() || isSymlink() || isHardlink() || isSpecial();
  }
}
