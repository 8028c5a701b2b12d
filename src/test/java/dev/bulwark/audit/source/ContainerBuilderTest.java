package dev.bulwark.audit.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.KernelView;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.dockerinspect.DockerInspectSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerBuilderTest {
  @Test
  void aBuiltContainerCanBeAmendedWithTheKernelsView() {
    Subject.Container privileged = (Subject.Container) new DockerInspectSource()
        .loadFile(Fixtures.path("docker-inspect/containers.json")).get(1);
    KernelView kernel = new KernelView(4242, List.of("CHOWN"), List.of("CHOWN"), false, "disabled", Map.of("pid", true),
        "0 0 4294967295", false, "unconfined", List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
            List.of());
    ContainerBuilder builder = ContainerBuilder.from(privileged.settings(), privileged.provenance());
    ContainerSettings amended = builder.kernel(kernel, Location.field("/proc/4242/status", "CapEff")).build();
    assertThat(amended.kernel()).contains(kernel);
    assertThat(amended).usingRecursiveComparison().ignoringFields("kernel").isEqualTo(privileged.settings());
    assertThat(builder.provenance().fields()).containsAllEntriesOf(privileged.provenance().fields())
        .containsEntry("kernel", Location.field("/proc/4242/status", "CapEff"));
  }

  @Test
  void defaultsAreNotCitedAsSettings() {
    ContainerBuilder builder = new ContainerBuilder("c", Location.line("f", 1, ""));
    builder.namespaceDefault("network", "pod");
    assertThat(builder.build().namespaces().network()).isEqualTo("pod");
    assertThat(builder.provenance().exactly("namespaces.network")).isEmpty();
    assertThat(builder.build().namespaces().user()).isEqualTo("host");
  }
}
