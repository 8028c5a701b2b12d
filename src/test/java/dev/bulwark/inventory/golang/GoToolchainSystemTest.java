package dev.bulwark.inventory.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.elf.ExecutableFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Builds Go programs with the local Go toolchain, for several platforms and link modes, and checks
 * the analyzer against {@code go version -m} on each. Modules come from a file-system module proxy
 * written here, so nothing is fetched.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoToolchainSystemTest {
  private Path work;
  private Path app;
  private Map<String, String> environment;

  @BeforeAll
  void writeModulesAndProgram(@TempDir Path work) throws IOException, InterruptedException {
    this.work = work;
    assumeTrue(run(List.of("go", "version"), Path.of("."), Map.of()).exitCode == 0, "the go tool is not installed");
    Path proxy = work.resolve("proxy");
    module(proxy, "example.com/greet", "v1.2.3", "example.com/greet", "greet.go",
        "package greet\n\nfunc Hello() string { return \"hello\" }\n");
    module(proxy, "example.org/fork/greet", "v1.2.4-fork.1", "example.com/greet", "greet.go",
        "package greet\n\nfunc Hello() string { return \"hello from the fork\" }\n");
    module(proxy, "example.net/colour", "v0.3.0", "example.net/colour", "colour.go",
        "package colour\n\nconst Red = \"red\"\n");
    app = Files.createDirectories(work.resolve("app"));
    Files.writeString(app.resolve("go.mod"), """
        module example.com/app

        go 1.19

        require (
        \texample.com/greet v1.2.3
        \texample.net/colour v0.3.0
        )

        replace example.com/greet v1.2.3 => example.org/fork/greet v1.2.4-fork.1
        """);
    Files.writeString(app.resolve("main.go"), """
        package main

        import (
        \t"os/user"

        \t"example.com/greet"
        \t"example.net/colour"
        )

        func main() {
        \tu, _ := user.Current()
        \tprintln(greet.Hello(), colour.Red, u != nil)
        }
        """);
    environment = Map.of("GOPROXY", proxy.toUri().toString(), "GOSUMDB", "off", "GOFLAGS", "-mod=mod",
        "GOMODCACHE", work.resolve("modcache").toString(), "GOPATH", work.resolve("gopath").toString());
  }

  @ParameterizedTest
  @CsvSource({
    "linux, amd64, 0, ''",
    "linux, amd64, 0, -s -w",
    "linux, 386, 0, -s -w",
    "linux, arm64, 0, ''",
    "linux, s390x, 0, -s -w",
    "windows, amd64, 0, -s -w",
    "darwin, arm64, 0, -s -w",
    "linux, amd64, 1, -linkmode=external"
  })
  void reportsWhatGoVersionReports(String os, String arch, String cgo, String ldflags) throws Exception {
    if (cgo.equals("1")) {
      assumeTrue(run(List.of("gcc", "--version"), work, Map.of()).exitCode == 0, "external linking needs gcc");
    }
    Path binary = work.resolve("app-" + os + "-" + arch + "-" + cgo + "-" + ldflags.replaceAll("[^a-z]", ""));
    Map<String, String> env = new HashMap<>(environment);
    env.putAll(Map.of("GOOS", os, "GOARCH", arch, "CGO_ENABLED", cgo));
    Result build =
        run(List.of("go", "build", "-buildvcs=false", "-ldflags=" + ldflags, "-o", binary.toString(), "."), app, env);
    assertThat(build.exitCode).as(build.output).isZero();
    Result version = run(List.of("go", "version", "-m", binary.toString()), app, env);
    assertThat(version.exitCode).as(version.output).isZero();
    GoVersionOutput oracle = GoVersionOutput.parse(version.output);

    List<Fact> facts = ExecutableFixtures.analyze("/usr/local/bin/app", Files.readAllBytes(binary));
    assertThat(facts).noneMatch(f -> f instanceof Fact.Warning);
    List<PackageRecord> packages = AnalyzerHarness.packages(facts);
    assertThat(packages).extracting(p -> p.name() + "@" + p.version())
        .containsExactlyInAnyOrderElementsOf(oracle.expectedPackages());
    assertThat(packages).filteredOn(p -> p.properties().containsKey(GoBinaryPackages.MAIN)).singleElement()
        .satisfies(main -> assertThat(main.properties()).containsEntry("go.build.GOOS", os)
            .containsEntry("go.build.GOARCH", arch).containsEntry(GoBinaryPackages.TOOLCHAIN, oracle.goVersion()));
  }

  /** Writes {@code path@version} to the proxy in the layout of the GOPROXY protocol. */
  private static void module(Path proxy, String path, String version, String declared, String file, String source)
      throws IOException {
    Path dir = Files.createDirectories(proxy.resolve(path).resolve("@v"));
    String goMod = "module " + declared + "\n\ngo 1.19\n";
    Files.writeString(dir.resolve("list"), version + "\n");
    Files.writeString(dir.resolve(version + ".info"),
        "{\"Version\":\"" + version + "\",\"Time\":\"2024-01-02T03:04:05Z\"}");
    Files.writeString(dir.resolve(version + ".mod"), goMod);
    try (OutputStream out = Files.newOutputStream(dir.resolve(version + ".zip"));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String[] entry : new String[][] {{"go.mod", goMod}, {file, source}}) {
        zip.putNextEntry(new ZipEntry(path + "@" + version + "/" + entry[0]));
        zip.write(entry[1].getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command, Path directory, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(directory.toFile())
        .redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      return new Result(-1, "timed out: " + output);
    }
    return new Result(process.exitValue(), output);
  }
}
