package dev.bulwark.inventory.rpm;

/** The header tags Bulwark reads, with rpm's numbers ({@code rpmtag.h}). */
final class RpmTag {
  private RpmTag() {}

  static final int NAME = 1000;
  static final int VERSION = 1001;
  static final int RELEASE = 1002;
  static final int EPOCH = 1003;
  static final int SIZE = 1009;
  static final int VENDOR = 1011;
  static final int LICENSE = 1014;
  static final int ARCH = 1022;
  /** The pre-rpm-4 file list: whole paths, later split into DIRNAMES and BASENAMES. */
  static final int OLDFILENAMES = 1027;
  static final int SOURCERPM = 1044;
  static final int DIRINDEXES = 1116;
  static final int BASENAMES = 1117;
  static final int DIRNAMES = 1118;
  static final int MODULARITYLABEL = 5096;
}
