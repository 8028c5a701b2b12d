package dev.bulwark.enforce.log;

/** When {@link AuditLog#append} returns, relative to the disk. */
public enum Durability {
  /**
   * After the entry is written and {@code fdatasync}ed: it survives a power loss. Appends that
   * arrive while a sync runs share the next one (group commit), so every entry is still on disk
   * before its append returns.
   */
  FSYNC,
  /**
   * After the entry is written to the operating system: it survives a crash of Bulwark, not of the
   * host. The file is synced every {@link AuditLogOptions#syncInterval()}, at rotation and close.
   */
  WRITE
}
