package dev.bulwark.inventory.rpm;

import java.io.IOException;

/** The storage backends of rpm's package database, told apart by their magic numbers, not file names. */
enum RpmDatabaseFormat {
  /** {@code rpmdb.sqlite}: rpm 4.16 and later (Fedora 33+, RHEL 9, CBL-Mariner, Amazon Linux 2023). */
  SQLITE,
  /** {@code Packages}: Berkeley DB hash, rpm up to 4.15 (CentOS/RHEL 5–8, Amazon Linux 2). */
  BERKELEY_HASH,
  /** {@code Packages.db}: rpm's own "ndb" format (SUSE since 15.3). */
  NDB;

  /** The format of {@code file}; fails when it is none of them. */
  static RpmDatabaseFormat detect(DatabaseFile file) throws IOException {
    // Every format's magic lies in the first 16 bytes, and each file is longer than that.
    if (file.size() >= 16) {
      byte[] start = file.read(0, 16);
      if (SqlitePackages.hasMagic(start)) {
        return SQLITE;
      }
      if (littleEndianInt(start, 0) == NdbPackages.MAGIC) {
        return NDB;
      }
      if (BerkeleyHashPackages.hasMagic(start)) {
        return BERKELEY_HASH;
      }
    }
    throw file.corrupt("not an rpm database: no SQLite, Berkeley DB hash or ndb magic at its start");
  }

  static int littleEndianInt(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
  }
}
