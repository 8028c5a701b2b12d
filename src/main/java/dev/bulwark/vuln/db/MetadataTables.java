package dev.bulwark.vuln.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes the {@code meta} and {@code source} tables. */
final class MetadataTables {
  static final String BUILT_AT = "built_at";
  static final String ADVISORY_COUNT = "advisory_count";
  static final String DISTINCT_IDS = "distinct_ids";
  static final String PACKAGE_COUNT = "package_count";

  private MetadataTables() {}

  static StoreMetadata read(Connection connection, String location) throws SQLException {
    Map<String, String> meta = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT key, value FROM meta")) {
      while (rs.next()) {
        meta.put(rs.getString(1), rs.getString(2));
      }
    }
    return new StoreMetadata(
        location,
        Schema.VERSION,
        instant(meta.get(BUILT_AT)),
        sources(connection),
        number(meta.get(ADVISORY_COUNT)),
        number(meta.get(DISTINCT_IDS)),
        number(meta.get(PACKAGE_COUNT)));
  }

  static List<SourceInfo> sources(Connection connection) throws SQLException {
    List<SourceInfo> sources = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT name, kind, location, retrieved_at, checked_at, etag, last_modified,"
            + " sha256, advisory_count, withdrawn_count, rejected_count FROM source ORDER BY name")) {
      while (rs.next()) {
        sources.add(new SourceInfo(
            rs.getString(1),
            kind(rs.getString(2)),
            rs.getString(3),
            instant(rs.getString(4)),
            instant(rs.getString(5)),
            Optional.ofNullable(rs.getString(6)),
            Optional.ofNullable(rs.getString(7)),
            Optional.ofNullable(rs.getString(8)),
            rs.getLong(9),
            rs.getLong(10),
            rs.getLong(11)));
      }
    }
    return sources;
  }

  static void writeSource(Connection connection, SourceInfo source) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT OR REPLACE INTO source(name, kind, location,"
        + " retrieved_at, checked_at, etag, last_modified, sha256, advisory_count, withdrawn_count, rejected_count)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, source.name());
      insert.setString(2, source.kind().name());
      insert.setString(3, source.location());
      insert.setString(4, source.retrievedAt().toString());
      insert.setString(5, source.checkedAt().toString());
      insert.setString(6, source.etag().orElse(null));
      insert.setString(7, source.lastModified().orElse(null));
      insert.setString(8, source.sha256().orElse(null));
      insert.setLong(9, source.advisoryCount());
      insert.setLong(10, source.withdrawnCount());
      insert.setLong(11, source.rejectedCount());
      insert.executeUpdate();
    }
  }

  static void writeMeta(Connection connection, Map<String, String> values) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)")) {
      for (Map.Entry<String, String> entry : values.entrySet()) {
        insert.setString(1, entry.getKey());
        insert.setString(2, entry.getValue());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static SourceInfo.Kind kind(String text) throws SQLException {
    try {
      return SourceInfo.Kind.valueOf(text);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new SQLException("unknown source kind '" + text + "'");
    }
  }

  private static Instant instant(String text) throws SQLException {
    if (text == null) {
      throw new SQLException("missing timestamp in the database");
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new SQLException("bad timestamp '" + text + "' in the database");
    }
  }

  private static long number(String text) throws SQLException {
    if (text == null) {
      throw new SQLException("missing count in the database");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new SQLException("bad count '" + text + "' in the database");
    }
  }
}
