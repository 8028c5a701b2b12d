package dev.bulwark.enforce.docker;

import dev.bulwark.enforce.AuditSink;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.enforce.Decision;
import dev.bulwark.enforce.GuardRequest;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A plain JSON-lines decision log, one line per decision, appended in decision order. A stand-in
 * for the hash-chained audit log.
 */
public final class JsonLinesAuditSink implements AuditSink, java.io.Closeable {
  private final FileChannel channel;

  public JsonLinesAuditSink(Path file) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
  }

  @Override
  public synchronized void append(GuardRequest request, Decision decision, boolean dryRun) throws IOException {
    ObjectNode line = Json.mapper().createObjectNode();
    line.put("time", request.time().toString());
    line.put("user", request.user().orElse(""));
    line.put("authMethod", request.authMethod());
    line.put("method", request.method());
    line.put("uri", request.uri());
    line.put("action", request.action());
    line.put("summary", request.summary());
    request.problem().ifPresent(p -> line.put("problem", p));
    line.put("allowed", decision.allowed());
    line.set("rules", Json.mapper().valueToTree(decision.ruleIds()));
    if (!decision.allowed()) {
      line.put("message", decision.message());
    }
    if (!decision.warnings().isEmpty()) {
      line.set("warnings", Json.mapper().valueToTree(decision.warnings()));
    }
    if (dryRun) {
      line.put("dryRun", true);
    }
    line.set("attributes", Json.mapper().valueToTree(new java.util.TreeMap<>(request.attributes())));
    ByteBuffer bytes = ByteBuffer.wrap((Json.mapper().writeValueAsString(line) + "\n").getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
