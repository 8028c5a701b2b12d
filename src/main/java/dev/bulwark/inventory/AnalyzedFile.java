package dev.bulwark.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * One file handed to an analyzer. Its content streams from the layer as the layer is read, so
 * {@link #open()} may be called once; an analyzer that needs random access (a database file, a zip
 * central directory) calls {@link #file()} instead, which spills the content to a private
 * temporary file. Neither may be called after {@code analyze} returns.
 */
public interface AnalyzedFile {
  /** The absolute path inside the image, as the layer names it. */
  String path();

  long size();

  /** Permission bits. */
  int mode();

  /** The content, exactly {@link #size()} bytes. */
  InputStream open() throws IOException;

  /** The content as a file on local disk, for random access; read-only by convention. */
  Path file() throws IOException;

  /** The whole content in memory; fails if it is larger than {@code limit}. */
  byte[] readAll(long limit) throws IOException;

  /** Where an analyzer may create temporary files of its own (nested archives). */
  dev.bulwark.io.Scratch scratch();
}
