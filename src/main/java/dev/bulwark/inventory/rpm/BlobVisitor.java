package dev.bulwark.inventory.rpm;

/** Receives the package header blobs a database holds, in storage order. */
interface BlobVisitor {
  /**
   * One stored package header, exactly as rpm wrote it.
   *
   * @param record which record, in the backend's terms ({@code row 12}, {@code package 7})
   */
  void blob(String record, byte[] blob);

  /** A record the database holds but that cannot be read, in a database that otherwise can. */
  void unreadable(String record, String reason);

  /** Something about a well-formed database worth reporting (it holds no package table). */
  void note(String message);
}
