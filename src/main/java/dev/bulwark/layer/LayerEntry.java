package dev.bulwark.layer;

/**
 * One entry of a layer after its name was checked.
 *
 * @param path absolute and normalized inside the image: {@code /etc/os-release}
 * @param linkTarget for a symlink, its target as written (resolved later, inside the image root);
 *     for a hardlink, the normalized absolute path of the file it names; otherwise empty
 * @param mode permission bits ({@code 07777})
 */
public record LayerEntry(String path, EntryType type, long size, int mode, String linkTarget) {
  public boolean executable() {
    return (mode & 0111) != 0;
  }
}
