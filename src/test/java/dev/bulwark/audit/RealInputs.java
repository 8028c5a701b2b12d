package dev.bulwark.audit;

import dev.bulwark.audit.live.FakeHost;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.AuditContext;
import dev.bulwark.audit.source.CorpusTest;
import dev.bulwark.audit.source.Fixtures;
import dev.bulwark.audit.source.SubjectSources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every real input the audit tests hold, read as {@code bulwark audit} reads it (through
 * {@link SubjectSources}), by where it came from: Dockerfiles, compose files, manifests, saved
 * {@code docker inspect} output, OCI runtime configs, an image, both misconfiguration corpora, and
 * the Engine and host captured from a real dockerd (laid out under a scratch directory).
 */
final class RealInputs {
  private RealInputs() {}

  static Map<String, List<Subject>> load(Path scratch) throws IOException {
    AuditContext context = Fixtures.context();
    Map<String, List<Subject>> result = new LinkedHashMap<>();
    for (String dir : List.of("dockerfile", "compose", "kubernetes", "docker-inspect", "oci", "kube-linter")) {
      result.put(dir, SubjectSources.load(Fixtures.path(dir).toString(), context));
    }
    result.put("image", SubjectSources.load("docker-archive:" + Fixtures.path("image/docker-commit/committed.tar"),
        context));
    for (String kind : List.of("docker", "kubernetes")) {
      List<Subject> subjects = new ArrayList<>();
      for (CorpusTest.Example example : CorpusTest.trivyExamples(kind)) {
        subjects.addAll(CorpusTest.load(example));
      }
      result.put("trivy-" + kind, subjects);
    }
    result.put("live", FakeHost.subjects(scratch));
    return result;
  }
}
