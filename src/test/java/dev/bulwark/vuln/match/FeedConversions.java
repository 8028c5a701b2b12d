package dev.bulwark.vuln.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TEST-ONLY converters from real distribution feeds to the OSV records osv.dev publishes for them,
 * for distributions whose real OSV records the shared fixture set hardly has. The facts (ids, CVEs,
 * releases, packages, fixed versions, urgencies) are copied; only the shape changes:
 *
 * <ul>
 *   <li>{@link #debianAdvisories}: the security tracker's {@code data/DSA/list} (and DLA). One record
 *       per entry: its id, {@code upstream} the CVEs of its {@code {…}} line, one affected entry per
 *       {@code [codename] - package version} line: ecosystem {@code Debian:<release number>}, the
 *       source package, {@code introduced 0}, {@code fixed <version>}. {@code <not-affected>} lines
 *       are left out; {@code <unfixed>} and {@code <end-of-life>} ones have no fix. Releases before
 *       lenny, and sid, are left out (osv.dev has none).
 *   <li>{@link #debianCves}: the tracker's JSON ({@code security-tracker.debian.org/tracker/data/json})
 *       to {@code DEBIAN-CVE-…} records, as osv.dev's Debian converter writes them: per release a fix
 *       ({@code resolved}; a fixed version {@code 0} means never affected and is left out) or none
 *       ({@code open}), and the urgency (without the tracker's {@code *} marks) as
 *       {@code ecosystem_specific.urgency}.
 *   <li>{@link #osvdevParts}: osv.dev's intermediate {@code vulnfeeds} parts ({@code CVE-….debian.json},
 *       {@code CVE-….alpine.json}) to the {@code DEBIAN-CVE-…}/{@code ALPINE-CVE-…} records they become.
 *   <li>{@link #alpineSecdb}: Alpine's secdb YAML ({@code secfixes: {version: [CVE…]}} per origin
 *       package and branch) to {@code ALPINE-CVE-…} records, one affected entry per branch. A fix
 *       {@code 0} means the branch was never affected and is left out.
 * </ul>
 *
 * Records carry {@code modified} = the advisory date where the input has one, else {@link #UNDATED}.
 */
final class FeedConversions {
  static final String UNDATED = "2000-01-01T00:00:00Z";

  /** Debian code names to the release numbers OSV uses. */
  static final Map<String, String> DEBIAN_RELEASES = Map.of("lenny", "5", "squeeze", "6", "wheezy", "7", "jessie", "8",
      "stretch", "9", "buster", "10", "bullseye", "11", "bookworm", "12", "trixie", "13");

  private static final Pattern HEADER =
      Pattern.compile("^\\[(\\d{2} \\w{3} \\d{4})\\] (D[SL]A-\\d+(?:-\\d+)?) (\\S+)(.*)$");
  private static final Pattern CVES = Pattern.compile("^\\s+\\{(.*)\\}\\s*$");
  private static final Pattern RELEASE_LINE = Pattern.compile("^\\s+\\[(\\w+)\\] - (\\S+) (\\S+)(?: \\((.*)\\))?\\s*$");
  private static final DateTimeFormatter TRACKER_DATE = DateTimeFormatter.ofPattern("dd MMM yyyy", Locale.ENGLISH);

  private static final ObjectMapper JSON = Json.mapper();

  private FeedConversions() {}

  /** DSA/DLA list text to OSV records, keyed by id. */
  static Map<String, ObjectNode> debianAdvisories(String list) {
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    ObjectNode current = null;
    for (String line : list.split("\n")) {
      Matcher header = HEADER.matcher(line);
      if (header.matches()) {
        String date = LocalDate.parse(header.group(1), TRACKER_DATE) + "T00:00:00Z";
        String title = header.group(4).strip();
        title = title.startsWith("- ") ? title.substring(2) : title;
        current = record(header.group(2), date, header.group(3) + " - " + title);
        current.putArray("upstream");
        current.putArray("affected");
        current.putArray("references").addObject().put("type", "ADVISORY")
            .put("url", "https://security-tracker.debian.org/tracker/" + header.group(2));
        out.put(header.group(2), current);
        continue;
      }
      if (current == null) {
        continue;
      }
      Matcher cves = CVES.matcher(line);
      if (cves.matches()) {
        for (String cve : cves.group(1).strip().split("\\s+")) {
          ((ArrayNode) current.get("upstream")).add(cve);
        }
        continue;
      }
      Matcher release = RELEASE_LINE.matcher(line);
      if (release.matches() && DEBIAN_RELEASES.containsKey(release.group(1))) {
        String version = release.group(3);
        if (version.equals("<not-affected>")) {
          continue;
        }
        String fixed = version.startsWith("<") ? null : version;
        String ecosystem = "Debian:" + DEBIAN_RELEASES.get(release.group(1));
        ObjectNode entry = affected((ArrayNode) current.get("affected"), ecosystem, release.group(2), fixed);
        String note = release.group(4);
        if (note != null && List.of("low", "medium", "high").contains(note)) {
          entry.putObject("ecosystem_specific").put("urgency", note);
        }
      }
    }
    out.values().removeIf(r -> r.get("affected").isEmpty());
    return out;
  }

  /** The tracker's JSON (package → CVE → releases) to DEBIAN-CVE records, keyed by id. */
  static Map<String, ObjectNode> debianCves(JsonNode tracker) {
    Map<String, ObjectNode> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> pkg : tracker.properties()) {
      for (Map.Entry<String, JsonNode> cve : pkg.getValue().properties()) {
        if (!cve.getKey().startsWith("CVE-")) {
          continue;
        }
        String id = "DEBIAN-" + cve.getKey();
        ObjectNode record = out.computeIfAbsent(id, k -> {
          ObjectNode r = record(k, UNDATED, "");
          r.putArray("upstream").add(cve.getKey());
          r.put("details", cve.getValue().path("description").asText(""));
          r.putArray("affected");
          return r;
        });
        for (Map.Entry<String, JsonNode> rel : new TreeMap<>(toMap(cve.getValue().path("releases"))).entrySet()) {
          String number = DEBIAN_RELEASES.get(rel.getKey());
          JsonNode state = rel.getValue();
          String status = state.path("status").asText();
          String fixed = state.path("fixed_version").asText("");
          if (number == null || !(status.equals("resolved") || status.equals("open")) || fixed.equals("0")) {
            continue;
          }
          ObjectNode entry = affected((ArrayNode) record.get("affected"), "Debian:" + number, pkg.getKey(),
              status.equals("resolved") ? fixed : null);
          String urgency = state.path("urgency").asText("").replace("*", "");
          if (!urgency.isEmpty()) {
            entry.putObject("ecosystem_specific").put("urgency", urgency);
          }
        }
      }
    }
    out.values().removeIf(r -> r.get("affected").isEmpty());
    return out;
  }

  /** osv.dev vulnfeeds parts ({@code CVE-….debian.json} or {@code CVE-….alpine.json}) to one record. */
  static ObjectNode osvdevParts(String fileName, JsonNode parts) {
    String cve = fileName.substring(0, fileName.indexOf('.'));
    String distro = fileName.contains(".alpine.") ? "ALPINE" : "DEBIAN";
    ObjectNode record = record(distro + "-" + cve, UNDATED, "");
    record.putArray("upstream").add(cve);
    ArrayNode affected = record.putArray("affected");
    for (JsonNode part : parts) {
      ObjectNode entry = affected.addObject();
      entry.putObject("package").put("ecosystem", part.path("ecosystem").asText())
          .put("name", part.path("pkg_name").asText());
      ArrayNode events = entry.putArray("ranges").addObject().put("type", "ECOSYSTEM").putArray("events");
      JsonNode fixedVersion = part.path("fixed_version");
      JsonNode list = fixedVersion.has("affected_versions") ? fixedVersion.get("affected_versions")
          : fixedVersion.path("AffectedVersions");
      for (JsonNode event : list) {
        String introduced =
            event.has("introduced") ? event.get("introduced").asText() : event.path("Introduced").asText(null);
        String fixed = event.has("fixed") ? event.get("fixed").asText() : event.path("Fixed").asText("");
        String last = event.path("LastAffected").asText("");
        if (introduced != null) {
          events.addObject().put("introduced", introduced.isEmpty() ? "0" : introduced);
        }
        if (!fixed.isEmpty()) {
          events.addObject().put("fixed", fixed);
        }
        if (!last.isEmpty()) {
          events.addObject().put("last_affected", last);
        }
      }
      if (events.isEmpty() || !events.get(0).has("introduced")) {
        events.insertObject(0).put("introduced", "0");
      }
      if (part.has("ecosystem_specific")) {
        entry.set("ecosystem_specific", part.get("ecosystem_specific"));
      }
    }
    return record;
  }

  /** Alpine secdb files (one per branch and repository) to ALPINE-CVE records, keyed by id. */
  static Map<String, ObjectNode> alpineSecdb(List<Path> files) throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    Map<String, ObjectNode> out = new TreeMap<>();
    for (Path file : files) {
      JsonNode db = yaml.readTree(Files.readString(file, StandardCharsets.UTF_8));
      String branch = db.path("distroversion").asText();
      for (JsonNode item : db.path("packages")) {
        JsonNode pkg = item.path("pkg");
        for (Map.Entry<String, JsonNode> fix : pkg.path("secfixes").properties()) {
          if (fix.getKey().equals("0")) {
            continue;
          }
          for (JsonNode cveNode : fix.getValue()) {
            String cve = cveNode.asText().strip().split("\\s+")[0];
            ObjectNode record = out.computeIfAbsent("ALPINE-" + cve, k -> {
              ObjectNode r = record(k, UNDATED, "");
              r.putArray("upstream").add(cve);
              r.putArray("affected");
              return r;
            });
            affected((ArrayNode) record.get("affected"), "Alpine:" + branch, pkg.path("name").asText(), fix.getKey());
          }
        }
      }
    }
    return out;
  }

  /** Writes each record as {@code <id>.json} into {@code dir}. */
  static void write(Path dir, Map<String, ObjectNode> records) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, ObjectNode> entry : records.entrySet()) {
      Files.writeString(dir.resolve(entry.getKey() + ".json"), render(entry.getValue()), StandardCharsets.UTF_8);
    }
  }

  static String render(ObjectNode record) throws IOException {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record) + "\n";
  }

  private static ObjectNode record(String id, String modified, String summary) {
    ObjectNode record = JSON.createObjectNode();
    record.put("schema_version", "1.6.0");
    record.put("id", id);
    record.put("modified", modified);
    if (!modified.equals(UNDATED)) {
      record.put("published", modified);
    }
    if (!summary.isEmpty()) {
      record.put("summary", summary);
    }
    return record;
  }

  private static ObjectNode affected(ArrayNode affected, String ecosystem, String name, String fixed) {
    ObjectNode entry = affected.addObject();
    entry.putObject("package").put("ecosystem", ecosystem).put("name", name);
    ArrayNode events = entry.putArray("ranges").addObject().put("type", "ECOSYSTEM").putArray("events");
    events.addObject().put("introduced", "0");
    if (fixed != null) {
      events.addObject().put("fixed", fixed);
    }
    return entry;
  }

  private static Map<String, JsonNode> toMap(JsonNode object) {
    Map<String, JsonNode> map = new LinkedHashMap<>();
    object.properties().forEach(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  /** Every file under {@code dir} whose name ends so, sorted. */
  static List<Path> files(Path dir, String suffix) throws IOException {
    try (var stream = Files.walk(dir)) {
      return new ArrayList<>(stream.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList());
    }
  }
}
