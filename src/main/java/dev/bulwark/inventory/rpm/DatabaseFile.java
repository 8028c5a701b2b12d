package dev.bulwark.inventory.rpm;

import dev.bulwark.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An rpm database file opened for positional reads, so that a large database is read page by page
 * instead of whole. Every read is checked against the file size; a read past the end is a truncated
 * database.
 */
final class DatabaseFile implements AutoCloseable {
  private final FileChannel channel;
  private final long size;
  private final String name;

  private DatabaseFile(FileChannel channel, long size, String name) {
    this.channel = channel;
    this.size = size;
    this.name = name;
  }

  /** Opens {@code local} read-only; {@code name} is the path inside the image, used in messages. */
  static DatabaseFile open(Path local, String name) throws IOException {
    FileChannel channel = FileChannel.open(local, StandardOpenOption.READ);
    try {
      return new DatabaseFile(channel, channel.size(), name);
    } catch (RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  long size() {
    return size;
  }

  String name() {
    return name;
  }

  /** Reads {@code length} bytes at {@code position}; the range must lie inside the file. */
  byte[] read(long position, int length) throws IOException {
    byte[] bytes = new byte[length];
    read(position, bytes, 0, length);
    return bytes;
  }

  void read(long position, byte[] into, int offset, int length) throws IOException {
    if (position < 0 || length < 0 || position > size - length) {
      throw corrupt("truncated: " + length + " bytes at offset " + position + " are past the end of the "
          + size + "-byte file");
    }
    ByteBuffer buffer = ByteBuffer.wrap(into, offset, length);
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw corrupt("file shrank while being read, at offset " + at);
      }
      at += n;
    }
  }

  /** The error for a database that cannot be read as a whole. */
  InputException corrupt(String reason) {
    return new InputException("rpm database " + name + ": " + reason);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
