package dev.bulwark.cli;

import dev.bulwark.InputException;
import dev.bulwark.UsageException;
import dev.bulwark.enforce.log.LogFiles;
import dev.bulwark.enforce.log.LogKeys;
import dev.bulwark.enforce.log.LogRecord;
import dev.bulwark.enforce.log.LogVerifier;
import dev.bulwark.enforce.log.LogVerifier.Anchor;
import dev.bulwark.enforce.log.Verification;
import dev.bulwark.enforce.log.Verification.Summary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bulwark log verify FILE...}: check an audit log and name the first thing wrong with it. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify an audit log: every line's hash, the chain from line to line and from file to file, the",
      "sequence numbers, and, with --public-key, every checkpoint's signature. Exits 0 and prints a summary",
      "when the log is intact; exits 3 naming the first problem: an edited line, deleted, inserted or",
      "reordered entries, a bad signature, a missing file, a torn last line.",
      "",
      "FILE is a log file, or a directory standing for the log files in it. Give rotated files oldest first",
      "(a shell glob of NAME.* then NAME sorts them so)."
    })
final class LogVerifyCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Log files, oldest first, or a directory.")
  List<Path> files;

  @Option(names = "--public-key", paramLabel = "FILE",
      description = "The signing key's public half (SPKI PEM, written beside the private key); repeat for a log"
          + " signed by several keys. Without it, signatures are not checked and an attacker who can rewrite the"
          + " whole file goes unnoticed.")
  List<Path> publicKeys = new ArrayList<>();

  @Option(names = "--anchor", paramLabel = "SEQ:HASH",
      description = "A record known from elsewhere (a checkpoint line copied off the host): the log must hold"
          + " seq SEQ with hash HASH. Catches a cut-off tail, which the chain alone cannot.")
  List<String> anchors = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    for (Path file : publicKeys) {
      PublicKey key = LogKeys.readPublicKey(file);
      keys.put(LogKeys.keyId(key), key);
    }
    List<Anchor> parsedAnchors = anchors.stream().map(LogVerifyCommand::anchor).toList();
    List<Path> logFiles = LogFiles.expand(files);
    Verification verification = LogVerifier.verify(logFiles, keys, parsedAnchors);
    if (verification.problem().isPresent()) {
      throw new InputException("audit log not intact: " + verification.problem().orElseThrow().message());
    }
    print(verification.summary(), keys);
    return 0;
  }

  private static Anchor anchor(String text) {
    int colon = text.indexOf(':');
    if (colon < 1 || !LogRecord.SHA256.matcher(text.substring(colon + 1)).matches()) {
      throw new UsageException("--anchor " + text + ": expected SEQ:HASH (HASH: 64 lowercase hex digits)");
    }
    try {
      return new Anchor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new UsageException("--anchor " + text + ": SEQ is not a number");
    }
  }

  private void print(Summary s, Map<String, PublicKey> keys) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf("audit log intact: %d file(s), %,d records, seq %d–%d%n", s.files(), s.records(),
        s.firstSeq().orElse(0L), s.lastSeq().orElse(0L));
    out.printf("entries:     %,d (%,d allowed, %,d denied)%n", s.entries(), s.allowed(), s.denied());
    if (s.firstTime().isPresent()) {
      out.println("time range:  " + s.firstTime().orElseThrow() + " – " + s.lastTime().orElseThrow());
    }
    out.printf("checkpoints: %,d; ", s.checkpoints());
    out.println(keys.isEmpty()
        ? "signatures NOT checked (no --public-key): the chain alone does not stop a rewrite of the whole log"
        : s.signaturesChecked() + " signature(s) verified with key " + String.join(", ", keys.keySet()));
    s.lastSigned().ifPresent(where -> out.println("signed up to: seq " + s.lastSignedSeq() + " ("
        + Terminal.sanitize(where) + ", " + s.lastSignedTime().orElseThrow() + ")"
        + (s.unsignedAfter() == 0 ? "; the log ends with a signed record"
            : "; " + s.unsignedAfter() + " record(s) after it not yet signed (the writer is running, stopped"
                + " uncleanly, or the tail was cut)")));
    s.continuesFrom().ifPresent(previous -> out.println("starts:      mid-chain, continuing from "
        + Terminal.sanitize(previous) + " (not given)"));
    for (String recovery : s.recoveries()) {
      out.println("recovered:   " + Terminal.sanitize(recovery));
    }
    out.flush();
  }
}
