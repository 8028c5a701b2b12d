package dev.bulwark.cli;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.vuln.version.VersionScheme;
import dev.bulwark.vuln.version.VersionSchemes;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark version-compare SCHEME A B}: prints -1, 0 or 1 as A is older than, the same as or
 * newer than B; with no A and B, compares the {@code A B} pairs read from stdin, one result per
 * line, streaming.
 */
@Command(
    name = "version-compare",
    header = "Compare two versions the way their ecosystem's own tool does.",
    mixinStandardHelpOptions = true,
    description = {
      "Compare two versions the way their ecosystem's own tool does",
      "(dpkg --compare-versions, rpm, apk version -t, Maven, PEP 440, …)",
      "and print -1, 0 or 1. Without A and B, read 'A B' pairs from stdin,",
      "one per line, and print one result per line.",
      "",
      "SCHEME is dpkg, rpm, apk, npm, semver, crates, go, maven, pypi",
      "(pep440), rubygems, nuget or composer, or an OSV ecosystem name",
      "(Debian:12, Alpine, Red Hat, PyPI, crates.io, …).",
      "Put -- before versions that start with '-'."
    })
final class VersionCompareCommand implements Callable<Integer> {
  /** The longest stdin line accepted: far above any real pair of versions. */
  static final int MAX_LINE_BYTES = 64 * 1024;
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final byte[][] RESULTS = {"-1\n".getBytes(StandardCharsets.US_ASCII),
      "0\n".getBytes(StandardCharsets.US_ASCII), "1\n".getBytes(StandardCharsets.US_ASCII)};

  @Spec CommandSpec spec;

  private VersionScheme scheme;

  @Parameters(index = "1", arity = "0..1", paramLabel = "A", description = "The first version.")
  String a;

  @Parameters(index = "2", arity = "0..1", paramLabel = "B", description = "The second version.")
  String b;

  private final InputStream in;
  private final OutputStream out;

  VersionCompareCommand() {
    this(System.in, System.out);
  }

  /** For tests: the streams pairs are read from and results written to. */
  VersionCompareCommand(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  @Parameters(index = "0", paramLabel = "SCHEME", description = "The version scheme or OSV ecosystem.")
  void scheme(String name) {
    Optional<VersionScheme> found = VersionSchemes.lookup(name);
    if (found.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "unknown version scheme '" + name + "'; known schemes: "
          + VersionSchemes.all().stream().map(VersionScheme::name).collect(Collectors.joining(", ")));
    }
    scheme = found.orElseThrow();
  }

  @Override
  public Integer call() {
    if (a != null && b == null) {
      throw new ParameterException(spec.commandLine(), "missing version B (give both A and B, or neither)");
    }
    // Not closed: it wraps stdout, which outlives the command.
    OutputStream buffered = new BufferedOutputStream(out, BUFFER_BYTES);
    try {
      if (a != null) {
        write(buffered, scheme.compare(a, b));
      } else {
        comparePairs(buffered);
      }
      buffered.flush();
    } catch (IOException e) {
      throw new InputException("version-compare: " + e.getMessage(), e);
    }
    return 0;
  }

  private void write(OutputStream output, int comparison) throws IOException {
    output.write(RESULTS[Integer.signum(comparison) + 1]);
  }

  /**
   * Reads stdin in blocks and compares each line's pair as soon as it is whole; results are
   * flushed whenever no more input is waiting, so a caller feeding one pair at a time gets its
   * answer, and a file of millions of lines is written in large blocks.
   */
  private void comparePairs(OutputStream output) throws IOException {
    byte[] buffer = new byte[BUFFER_BYTES];
    byte[] line = new byte[256];
    int lineLength = 0;
    long lineNumber = 0;
    int read;
    while ((read = in.read(buffer)) > 0) {
      for (int i = 0; i < read; i++) {
        byte c = buffer[i];
        if (c == '\n') {
          compareLine(output, line, lineLength, ++lineNumber);
          lineLength = 0;
          continue;
        }
        if (lineLength == line.length) {
          if (line.length >= MAX_LINE_BYTES) {
            output.flush();
            throw new LimitExceededException("stdin line " + (lineNumber + 1), "length", MAX_LINE_BYTES);
          }
          line = Arrays.copyOf(line, Math.min(line.length * 2, MAX_LINE_BYTES));
        }
        line[lineLength++] = c;
      }
      if (in.available() <= 0) {
        output.flush();
      }
    }
    if (lineLength > 0) {
      compareLine(output, line, lineLength, ++lineNumber);
    }
  }

  private void compareLine(OutputStream output, byte[] line, int length, long number) throws IOException {
    int end = length;
    if (end > 0 && line[end - 1] == '\r') {
      end--;
    }
    int i = skipBlanks(line, 0, end);
    int aStart = i;
    i = skipWord(line, i, end);
    int aEnd = i;
    i = skipBlanks(line, i, end);
    int bStart = i;
    i = skipWord(line, i, end);
    int bEnd = i;
    i = skipBlanks(line, i, end);
    if (aStart == aEnd || bStart == bEnd || i != end) {
      output.flush();
      throw new InputException("stdin line " + number + ": expected two versions separated by white space, got '"
          + new String(line, 0, end, StandardCharsets.UTF_8) + "'");
    }
    String first = new String(line, aStart, aEnd - aStart, StandardCharsets.UTF_8);
    String second = new String(line, bStart, bEnd - bStart, StandardCharsets.UTF_8);
    write(output, scheme.compare(first, second));
  }

  private static int skipBlanks(byte[] line, int i, int end) {
    while (i < end && (line[i] == ' ' || line[i] == '\t')) {
      i++;
    }
    return i;
  }

  private static int skipWord(byte[] line, int i, int end) {
    while (i < end && line[i] != ' ' && line[i] != '\t') {
      i++;
    }
    return i;
  }
}
