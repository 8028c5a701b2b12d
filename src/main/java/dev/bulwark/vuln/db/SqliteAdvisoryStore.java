package dev.bulwark.vuln.db;

import dev.bulwark.BulwarkException;
import dev.bulwark.InputException;
import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.advisory.Ecosystem;
import dev.bulwark.vuln.advisory.PackageNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The embedded advisory database: one SQLite file opened read-only. Updates never modify a file in place
 * (they build a new one and rename it over the old), so an open store keeps reading the file it opened.
 *
 * <p>Lookups use prepared statements over one covering index; decoded advisories are kept in a small
 * cache, since the binary packages of one source package (AlmaLinux's 30 {@code kernel-*} rpms) name the
 * same advisories again and again.
 */
public final class SqliteAdvisoryStore implements AdvisoryStore {
  static final String HINT = "run `bulwark db update` (or `bulwark db import PATH`) to build it";
  /** Decoded advisories kept, bounded by the size of their stored JSON (objects take a few times that). */
  private static final long CACHE_JSON_BYTES = 16L << 20;
  private static final String COLUMNS = "a.pk, a.id, a.source, a.modified_us, a.size, a.doc";

  private final Path path;
  private final Connection connection;
  private final PreparedStatement exact;
  private final PreparedStatement anyRelease;
  private final PreparedStatement byId;
  private final PreparedStatement naming;
  private final Cache cache = new Cache();

  private SqliteAdvisoryStore(Path path, Connection connection) throws SQLException {
    this.path = path;
    this.connection = connection;
    this.exact = connection.prepareStatement("SELECT " + COLUMNS + " FROM advisory a WHERE a.pk IN"
        + " (SELECT advisory FROM affected WHERE base = ? AND name = ? AND ecosystem = ?)");
    this.anyRelease = connection.prepareStatement("SELECT " + COLUMNS + " FROM advisory a WHERE a.pk IN"
        + " (SELECT advisory FROM affected WHERE base = ? AND name = ?)");
    this.byId = connection.prepareStatement("SELECT " + COLUMNS + " FROM advisory a WHERE a.id = ?");
    this.naming = connection.prepareStatement("SELECT " + COLUMNS + " FROM advisory a WHERE a.id = ? OR a.pk IN"
        + " (SELECT advisory FROM alias WHERE alias = ?)");
  }

  /**
   * Opens the database at {@code path}. A missing file, a file that is not a Bulwark advisory database, or
   * one written with another schema version is an {@link InputException} telling the user how to build one.
   */
  public static SqliteAdvisoryStore open(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    if (!Files.isRegularFile(absolute)) {
      throw new InputException("no advisory database at " + absolute + ": " + HINT);
    }
    Connection connection = null;
    try {
      connection = connect(absolute, true);
      check(connection, absolute);
      return new SqliteAdvisoryStore(absolute, connection);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw damaged(absolute, e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  static Connection connect(Path file, boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    if (readOnly) {
      config.setReadOnly(true);
      config.setOpenMode(SQLiteOpenMode.READONLY);
    }
    config.setJournalMode(SQLiteConfig.JournalMode.DELETE);
    config.setBusyTimeout(10_000);
    return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
  }

  /** Refuses anything but a database of the current schema, so a reader never misreads one. */
  static void check(Connection connection, Path file) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      int applicationId;
      try (ResultSet rs = statement.executeQuery("PRAGMA application_id")) {
        applicationId = rs.next() ? rs.getInt(1) : 0;
      }
      if (applicationId != Schema.APPLICATION_ID) {
        throw new InputException(file + " is not a Bulwark advisory database: " + HINT);
      }
      int version;
      try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
        version = rs.next() ? rs.getInt(1) : 0;
      }
      if (version != Schema.VERSION) {
        throw new InputException("advisory database " + file + " has schema version " + version + ", this Bulwark reads "
            + Schema.VERSION + ": " + HINT.replace("build it", "rebuild it"));
      }
    }
  }

  @Override
  public synchronized List<Advisory> advisoriesFor(Ecosystem ecosystem, String packageName) {
    try {
      exact.setString(1, ecosystem.base());
      exact.setString(2, PackageNames.normalize(ecosystem, packageName));
      exact.setString(3, ecosystem.name());
      return newestPerId(exact);
    } catch (SQLException e) {
      throw damaged(path, e);
    }
  }

  @Override
  public synchronized List<Advisory> advisoriesForAnyRelease(String ecosystemBase, String packageName) {
    try {
      anyRelease.setString(1, ecosystemBase);
      anyRelease.setString(2, PackageNames.normalize(ecosystemBase, packageName));
      return newestPerId(anyRelease);
    } catch (SQLException e) {
      throw damaged(path, e);
    }
  }

  @Override
  public synchronized Optional<Advisory> advisory(String id) {
    try {
      byId.setString(1, id);
      List<Advisory> found = newestPerId(byId);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    } catch (SQLException e) {
      throw damaged(path, e);
    }
  }

  @Override
  public synchronized List<Advisory> advisoriesNaming(String id) {
    try {
      naming.setString(1, id);
      naming.setString(2, id);
      return newestPerId(naming);
    } catch (SQLException e) {
      throw damaged(path, e);
    }
  }

  @Override
  public synchronized StoreMetadata metadata() {
    try {
      return MetadataTables.read(connection, path.toString());
    } catch (SQLException e) {
      throw damaged(path, e);
    }
  }

  private List<Advisory> newestPerId(PreparedStatement query) throws SQLException {
    Map<String, Row> newest = new HashMap<>();
    try (ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        Row row = new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getInt(5), null);
        Row seen = newest.get(row.id());
        if (seen == null || row.modifiedMicros() > seen.modifiedMicros()
            || (row.modifiedMicros() == seen.modifiedMicros() && row.source().compareTo(seen.source()) < 0)) {
          newest.put(row.id(), row.withDoc(rs.getBytes(6)));
        }
      }
    }
    List<Advisory> out = new ArrayList<>(newest.size());
    for (Row row : newest.values()) {
      out.add(decode(row));
    }
    out.sort(Comparator.comparing(Advisory::id));
    return out;
  }

  private Advisory decode(Row row) {
    Advisory cached = cache.get(row.pk());
    if (cached != null) {
      return cached;
    }
    try {
      Advisory advisory = StoredDocuments.read(row.doc(), row.size(), row.id(), row.source());
      cache.put(row.pk(), advisory, row.size());
      return advisory;
    } catch (DataFormatException | BulwarkException e) {
      throw new InputException("advisory database " + path + " is damaged (advisory " + row.id() + ": "
          + e.getMessage() + "): " + HINT.replace("build it", "rebuild it"), e);
    }
  }

  static InputException damaged(Path file, SQLException e) {
    return new InputException("advisory database " + file + " is unreadable or damaged (" + e.getMessage() + "): "
        + HINT.replace("build it", "rebuild it"), e);
  }

  @Override
  public synchronized void close() {
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Closing a read-only connection has nothing to lose.
      }
    }
  }

  static long micros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
  }

  private record Row(long pk, String id, String source, long modifiedMicros, int size, byte[] doc) {
    Row withDoc(byte[] stored) {
      return new Row(pk, id, source, modifiedMicros, size, stored);
    }
  }

  /** Least recently used advisories, bounded by the total size of their JSON. */
  private static final class Cache {
    private final LinkedHashMap<Long, Map.Entry<Advisory, Integer>> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    Advisory get(long pk) {
      Map.Entry<Advisory, Integer> entry = entries.get(pk);
      return entry == null ? null : entry.getKey();
    }

    void put(long pk, Advisory advisory, int size) {
      if (size > CACHE_JSON_BYTES / 4) {
        return;
      }
      entries.put(pk, Map.entry(advisory, size));
      bytes += size;
      var iterator = entries.values().iterator();
      while (bytes > CACHE_JSON_BYTES && iterator.hasNext()) {
        bytes -= iterator.next().getValue();
        iterator.remove();
      }
    }
  }
}
