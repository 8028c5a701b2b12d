package dev.bulwark.vuln.db;

import dev.bulwark.InputException;
import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.advisory.Affected;
import dev.bulwark.vuln.advisory.AffectedPackage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a new database file beside the target and renames it over the target once complete, so a
 * failed or interrupted build leaves the previous database as it was, and readers that have it open
 * keep reading their file. One builder at a time per target (a lock file beside it); leftovers of an
 * interrupted build are removed by the next one.
 *
 * <p>The new file starts from the previous one's sources except those being replaced ({@link #carryOver}),
 * then receives new advisories ({@link #add}). Rules: a withdrawn advisory is not stored, and removes every
 * stored copy of its id (from any source) that is not newer than the withdrawal, now and in later builds. Two
 * documents of one source with the same id are merged into one advisory, ecosystem by ecosystem: for each
 * ecosystem, the affected entries of the more recently modified document that names it. That keeps both
 * halves of AlmaLinux's errata, which publishes one file per release under the same id, and lets the newer
 * version of a record win where two versions of it cover the same ecosystem.
 */
public final class DatabaseBuilder implements AutoCloseable {
  /** The outcome of adding one advisory. */
  public enum Outcome {
    STORED,
    /** Merged with a document of the same source and id already stored. */
    MERGED,
    /** The advisory is withdrawn: not stored, older copies removed. */
    WITHDRAWN,
    /** A withdrawal of this id, at least as recent, is known. */
    WITHDRAWN_EARLIER
  }

  private final Path target;
  private final Path temporary;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Connection connection;
  private final Map<String, SourceInfo> previousSources;
  private final Optional<String> previousProblem;
  private final Map<String, List<Stored>> byId = new HashMap<>();
  private final Map<String, Long> withdrawnAt = new HashMap<>();
  private final Map<String, SourceInfo> sources = new LinkedHashMap<>();
  private PreparedStatement insertAdvisory;
  private PreparedStatement insertAffected;
  private PreparedStatement insertAlias;
  private PreparedStatement insertWithdrawn;
  private PreparedStatement deleteAdvisory;
  private PreparedStatement selectDocument;
  private long nextPk = 1;
  private boolean deleted;
  private boolean carriedOver;
  private boolean committed;

  private DatabaseBuilder(Path target, Path temporary, FileChannel lockChannel, FileLock lock, Connection connection,
      Map<String, SourceInfo> previousSources, Optional<String> previousProblem) {
    this.target = target;
    this.temporary = temporary;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.connection = connection;
    this.previousSources = previousSources;
    this.previousProblem = previousProblem;
  }

  /** Starts a build for {@code target}, waiting for any other build of it to finish. */
  public static DatabaseBuilder open(Path target) {
    Path absolute = target.toAbsolutePath().normalize();
    Path dir = absolute.getParent();
    String name = absolute.getFileName().toString();
    FileChannel channel = null;
    Path temporary = null;
    Connection connection = null;
    try {
      Files.createDirectories(dir);
      channel = FileChannel.open(dir.resolve(name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.lock();
      removeLeftovers(dir, name);
      Map<String, SourceInfo> previous = new LinkedHashMap<>();
      Optional<String> problem = readPrevious(absolute, previous);
      temporary = Files.createTempFile(dir, "." + name + ".", ".tmp");
      connection = SqliteAdvisoryStore.connect(temporary, false);
      try (Statement statement = connection.createStatement()) {
        // The file is private until renamed and discarded on any failure: no journal, no syncs until the end.
        statement.execute("PRAGMA main.journal_mode=OFF");
        statement.execute("PRAGMA synchronous=OFF");
        statement.execute("PRAGMA main.locking_mode=EXCLUSIVE");
        statement.execute("PRAGMA temp_store=MEMORY");
        statement.execute("PRAGMA cache_size=-65536");
        for (String table : Schema.TABLES) {
          statement.execute(table);
        }
      }
      connection.setAutoCommit(false);
      DatabaseBuilder builder = new DatabaseBuilder(absolute, temporary, channel, lock, connection, previous, problem);
      builder.prepare();
      return builder;
    } catch (IOException | SQLException e) {
      closeQuietly(connection);
      deleteQuietly(temporary);
      closeQuietly(channel);
      throw new InputException("cannot build the advisory database " + absolute + ": " + e.getMessage(), e);
    }
  }

  private void prepare() throws SQLException {
    insertAdvisory = connection.prepareStatement(
        "INSERT INTO advisory(pk, id, source, modified_us, size, doc) VALUES (?, ?, ?, ?, ?, ?)");
    insertAffected = connection.prepareStatement("INSERT INTO affected(base, name, ecosystem, advisory) VALUES (?, ?, ?, ?)");
    insertAlias = connection.prepareStatement("INSERT INTO alias(alias, advisory, kind) VALUES (?, ?, ?)");
    insertWithdrawn = connection.prepareStatement("INSERT INTO withdrawn(id, source, modified_us) VALUES (?, ?, ?)");
    deleteAdvisory = connection.prepareStatement("DELETE FROM advisory WHERE pk = ?");
    selectDocument = connection.prepareStatement("SELECT size, doc FROM advisory WHERE pk = ?");
  }

  /** The sources of the database being replaced, by name (empty when there is none or it is unusable). */
  public Map<String, SourceInfo> previousSources() {
    return Map.copyOf(previousSources);
  }

  /** Why the existing file could not be used as a starting point, when it exists but is unusable. */
  public Optional<String> previousProblem() {
    return previousProblem;
  }

  /**
   * Copies every source of the previous database except {@code replaced} into the new one. Call once,
   * before {@link #add}; sources in {@code checked} are carried over with their check time set to it.
   */
  public void carryOver(Set<String> replaced, Map<String, Instant> checked) {
    if (carriedOver) {
      throw new IllegalStateException("carryOver called twice");
    }
    carriedOver = true;
    try {
      if (!previousSources.isEmpty()) {
        copyFromPrevious(replaced);
      }
      for (SourceInfo source : previousSources.values()) {
        if (!replaced.contains(source.name())) {
          SourceInfo kept = checked.containsKey(source.name()) ? source.checked(checked.get(source.name())) : source;
          sources.put(kept.name(), kept);
        }
      }
      loadIndex();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private void copyFromPrevious(Set<String> replaced) throws SQLException {
    connection.commit();
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TEMP TABLE replaced(name TEXT PRIMARY KEY)");
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO temp.replaced(name) VALUES (?)")) {
        for (String name : replaced) {
          insert.setString(1, name);
          insert.executeUpdate();
        }
      }
      connection.commit();
      connection.setAutoCommit(true);
      try (PreparedStatement attach = connection.prepareStatement("ATTACH DATABASE ? AS previous")) {
        attach.setString(1, target.toString());
        attach.execute();
      }
      connection.setAutoCommit(false);
      String kept = " NOT IN (SELECT name FROM temp.replaced)";
      statement.execute("INSERT INTO main.advisory SELECT * FROM previous.advisory WHERE source" + kept);
      statement.execute("INSERT INTO main.affected SELECT f.* FROM previous.affected f JOIN previous.advisory a"
          + " ON a.pk = f.advisory WHERE a.source" + kept);
      statement.execute("INSERT INTO main.alias SELECT l.* FROM previous.alias l JOIN previous.advisory a"
          + " ON a.pk = l.advisory WHERE a.source" + kept);
      statement.execute("INSERT INTO main.withdrawn SELECT * FROM previous.withdrawn WHERE source" + kept);
      connection.commit();
      connection.setAutoCommit(true);
      statement.execute("DETACH DATABASE previous");
      statement.execute("DROP TABLE temp.replaced");
      connection.setAutoCommit(false);
    }
  }

  private void loadIndex() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("SELECT pk, id, source, modified_us FROM advisory")) {
        while (rs.next()) {
          long pk = rs.getLong(1);
          byId.computeIfAbsent(rs.getString(2), k -> new ArrayList<>(1))
              .add(new Stored(pk, rs.getString(3), rs.getLong(4)));
          nextPk = Math.max(nextPk, pk + 1);
        }
      }
      try (ResultSet rs = statement.executeQuery("SELECT id, max(modified_us) FROM withdrawn GROUP BY id")) {
        while (rs.next()) {
          withdrawnAt.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
  }

  /** Records a source (new, or replacing one of the same name); its counts are filled in on commit. */
  public void putSource(SourceInfo source) {
    sources.put(source.name(), source);
  }

  /**
   * Adds one advisory read from {@code source}. {@code storedDocument} is its compressed normalized JSON
   * ({@link #encode}), computed by the caller so it can be done in parallel.
   */
  public Outcome add(Advisory advisory, EncodedDocument storedDocument) {
    if (!carriedOver) {
      throw new IllegalStateException("carryOver must come first");
    }
    long modified = SqliteAdvisoryStore.micros(advisory.modified());
    String id = advisory.id();
    try {
      if (advisory.isWithdrawn()) {
        insertWithdrawn.setString(1, id);
        insertWithdrawn.setString(2, advisory.source());
        insertWithdrawn.setLong(3, modified);
        insertWithdrawn.executeUpdate();
        withdrawnAt.merge(id, modified, Math::max);
        List<Stored> copies = byId.getOrDefault(id, List.of());
        for (Stored copy : List.copyOf(copies)) {
          if (copy.modifiedMicros() <= modified) {
            delete(id, copy);
          }
        }
        return Outcome.WITHDRAWN;
      }
      Long withdrawal = withdrawnAt.get(id);
      if (withdrawal != null && withdrawal >= modified) {
        return Outcome.WITHDRAWN_EARLIER;
      }
      for (Stored copy : List.copyOf(byId.getOrDefault(id, List.of()))) {
        if (copy.source().equals(advisory.source())) {
          Advisory merged = AdvisoryMerge.merge(stored(copy, id), advisory);
          delete(id, copy);
          insert(merged, SqliteAdvisoryStore.micros(merged.modified()), encode(merged));
          return Outcome.MERGED;
        }
      }
      insert(advisory, modified, storedDocument);
      return Outcome.STORED;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private Advisory stored(Stored copy, String id) throws SQLException {
    selectDocument.setLong(1, copy.pk());
    try (ResultSet rs = selectDocument.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("advisory " + id + " vanished during the build");
      }
      return StoredDocuments.read(rs.getBytes(2), rs.getInt(1), id, copy.source());
    } catch (java.util.zip.DataFormatException e) {
      throw new SQLException("stored advisory " + id + " is damaged: " + e.getMessage(), e);
    }
  }

  /** The stored form of an advisory; thread-safe, for callers that encode in parallel. */
  public static EncodedDocument encode(Advisory advisory) {
    byte[] json = dev.bulwark.vuln.osv.OsvCodec.write(advisory);
    return new EncodedDocument(StoredDocuments.compress(json), json.length);
  }

  private void insert(Advisory advisory, long modified, EncodedDocument document) throws SQLException {
    long pk = nextPk++;
    insertAdvisory.setLong(1, pk);
    insertAdvisory.setString(2, advisory.id());
    insertAdvisory.setString(3, advisory.source());
    insertAdvisory.setLong(4, modified);
    insertAdvisory.setInt(5, document.size());
    insertAdvisory.setBytes(6, document.compressed());
    insertAdvisory.executeUpdate();
    byId.computeIfAbsent(advisory.id(), k -> new ArrayList<>(1)).add(new Stored(pk, advisory.source(), modified));

    Set<List<String>> packages = new LinkedHashSet<>();
    for (Affected affected : advisory.affected()) {
      if (affected.pkg().isPresent()) {
        AffectedPackage pkg = affected.pkg().orElseThrow();
        packages.add(List.of(pkg.ecosystem().base(), pkg.normalizedName(), pkg.ecosystem().name()));
      }
    }
    for (List<String> pkg : packages) {
      insertAffected.setString(1, pkg.get(0));
      insertAffected.setString(2, pkg.get(1));
      insertAffected.setString(3, pkg.get(2));
      insertAffected.setLong(4, pk);
      insertAffected.executeUpdate();
    }
    aliases(pk, advisory.aliases(), 0);
    aliases(pk, advisory.upstream(), 1);
    aliases(pk, advisory.related(), 2);
  }

  private void aliases(long pk, List<String> ids, int kind) throws SQLException {
    for (String alias : new LinkedHashSet<>(ids)) {
      insertAlias.setString(1, alias);
      insertAlias.setLong(2, pk);
      insertAlias.setInt(3, kind);
      insertAlias.executeUpdate();
    }
  }

  private void delete(String id, Stored copy) throws SQLException {
    deleteAdvisory.setLong(1, copy.pk());
    deleteAdvisory.executeUpdate();
    List<Stored> copies = byId.get(id);
    copies.remove(copy);
    if (copies.isEmpty()) {
      byId.remove(id);
    }
    deleted = true;
  }

  /**
   * Finishes the file (indexes, counts, metadata) and renames it over the target. Nothing is visible at
   * the target before this returns.
   */
  public StoreMetadata commit(Instant builtAt) {
    if (!carriedOver) {
      throw new IllegalStateException("carryOver must come first");
    }
    try (Statement statement = connection.createStatement()) {
      if (deleted) {
        // Rows of advisories deleted during the build, in one pass rather than one scan per deletion.
        statement.execute("DELETE FROM affected WHERE advisory NOT IN (SELECT pk FROM advisory)");
        statement.execute("DELETE FROM alias WHERE advisory NOT IN (SELECT pk FROM advisory)");
      }
      for (String index : Schema.INDEXES) {
        statement.execute(index);
      }
      Map<String, long[]> counts = new HashMap<>();
      try (ResultSet rs = statement.executeQuery("SELECT source, count(*) FROM advisory GROUP BY source")) {
        while (rs.next()) {
          counts.put(rs.getString(1), new long[] {rs.getLong(2)});
        }
      }
      for (SourceInfo source : sources.values()) {
        long stored = counts.getOrDefault(source.name(), new long[] {0})[0];
        MetadataTables.writeSource(connection,
            source.withCounts(stored, source.withdrawnCount(), source.rejectedCount()));
      }
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("format", Schema.FORMAT);
      meta.put("schema_version", Integer.toString(Schema.VERSION));
      meta.put(MetadataTables.BUILT_AT, builtAt.toString());
      meta.put(MetadataTables.ADVISORY_COUNT, Long.toString(count(statement, "SELECT count(*) FROM advisory")));
      meta.put(MetadataTables.DISTINCT_IDS, Long.toString(count(statement, "SELECT count(DISTINCT id) FROM advisory")));
      meta.put(MetadataTables.PACKAGE_COUNT,
          Long.toString(count(statement, "SELECT count(*) FROM (SELECT DISTINCT ecosystem, name FROM affected)")));
      MetadataTables.writeMeta(connection, meta);
      statement.execute("PRAGMA application_id=" + Schema.APPLICATION_ID);
      statement.execute("PRAGMA user_version=" + Schema.VERSION);
      connection.commit();
      StoreMetadata metadata = MetadataTables.read(connection, target.toString());
      connection.close();
      try (FileChannel file = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        file.force(true);
      }
      move(temporary, target);
      syncDirectory(target.getParent());
      committed = true;
      return metadata;
    } catch (SQLException e) {
      throw failure(e);
    } catch (IOException e) {
      throw new InputException("cannot replace the advisory database " + target + ": " + e.getMessage(), e);
    }
  }

  private static long count(Statement statement, String sql) throws SQLException {
    try (ResultSet rs = statement.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  @Override
  public void close() {
    if (!committed) {
      closeQuietly(connection);
      deleteQuietly(temporary);
    }
    try {
      lock.release();
    } catch (IOException ignored) {
      // Closing the channel releases it too.
    }
    closeQuietly(lockChannel);
  }

  private InputException failure(SQLException e) {
    return new InputException("cannot build the advisory database " + target + ": " + e.getMessage(), e);
  }

  /** Reads the previous database's sources; a problem is reported, not thrown: the build starts afresh. */
  private static Optional<String> readPrevious(Path target, Map<String, SourceInfo> sources) {
    if (!Files.exists(target)) {
      return Optional.empty();
    }
    try (Connection previous = SqliteAdvisoryStore.connect(target, true)) {
      SqliteAdvisoryStore.check(previous, target);
      for (SourceInfo source : MetadataTables.sources(previous)) {
        sources.put(source.name(), source);
      }
      return Optional.empty();
    } catch (SQLException | InputException e) {
      sources.clear();
      return Optional.of(e.getMessage());
    }
  }

  private static void removeLeftovers(Path dir, String name) throws IOException {
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "." + name + ".*.tmp")) {
      for (Path leftover : stream) {
        Files.deleteIfExists(leftover);
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException ignored) {
      // Not every file system lets a directory be synced; the rename itself is atomic either way.
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // Cleanup after a failure that is already being reported.
      }
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // A leftover is removed by the next build.
      }
    }
  }

  private record Stored(long pk, String source, long modifiedMicros) {}

  /** An advisory's stored form: compressed JSON and its uncompressed size. */
  public record EncodedDocument(byte[] compressed, int size) {}
}
