package dev.bulwark.vuln.db;

/** Progress of an import or update, for a display; every method may be called from the calling thread only. */
public interface DbProgress {
  DbProgress NONE = new DbProgress() {};

  /** A download starts; {@code totalBytes} is -1 when the server does not say. */
  default void downloading(String url, long totalBytes) {}

  /** Bytes of the current download received so far. */
  default void downloaded(long bytes) {}

  /** Reading the documents of a source starts. */
  default void reading(String source) {}

  /** Documents of the current source processed so far. */
  default void documents(long count) {}

  /** Everything is done (successfully or not): clear the display. */
  default void finished() {}
}
