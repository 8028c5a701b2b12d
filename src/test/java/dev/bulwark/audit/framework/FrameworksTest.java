package dev.bulwark.audit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.UsageException;
import dev.bulwark.audit.AuditReport;
import dev.bulwark.audit.AuditService;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.rule.CompiledRule;
import dev.bulwark.audit.rule.RuleLanguage;
import dev.bulwark.audit.rule.RuleLoader;
import dev.bulwark.audit.rule.TestSubjects;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FrameworksTest {
  private static List<CompiledRule> rules;

  @BeforeAll
  static void load() {
    rules = new RuleLoader(new RuleLanguage()).builtin();
  }

  static List<String> names() {
    return Frameworks.names();
  }

  @Nested
  class Data {
    @ParameterizedTest
    @MethodSource("dev.bulwark.audit.framework.FrameworksTest#names")
    void everyFrameworkLoadsNamesOnlyKnownRulesAndIsTranslated(String name) {
      Framework framework = Frameworks.named(name);
      assertThat(framework.controls()).isNotEmpty();
      assertThat(framework.source()).contains("rule mapping by Bulwark").satisfiesAnyOf(
          s -> assertThat(s).contains("paraphrased"), s -> assertThat(s).contains("by Bulwark"));
      Set<String> ids = rules.stream().map(r -> r.rule().id()).collect(Collectors.toSet());
      for (Control control : framework.controls()) {
        assertThat(ids).as(name + " " + control.id()).containsAll(control.rules());
        assertThat(control.title("zh-CN")).as(name + " " + control.id()).matches("(?s).*\\p{IsHan}.*");
      }
      new AuditService(rules, List.of(framework));
    }

    @Test
    void frameworksListEveryControlInScope() {
      assertThat(Frameworks.named("cis-docker-1.6").controls()).hasSize(105);
      assertThat(Frameworks.named("pss-baseline").controls()).hasSize(11);
      assertThat(Frameworks.named("pss-restricted").controls()).hasSize(17);
      assertThat(Frameworks.named("nist-800-190").controls()).hasSize(24);
      assertThat(Frameworks.named("iso-27001-2022").controls()).hasSize(93);
      assertThat(Frameworks.named("mlps-2.0-level3").controls()).hasSize(87);
      assertThat(Frameworks.named("cis-docker-1.6").controls()).extracting(Control::id)
          .contains("1.1.18", "2.18", "3.24", "4.12", "5.31").doesNotContain("5.32");
    }

    @Test
    void mlpsLevelsCarryTheirOwnClauseNumbers() {
      Framework level3 = Frameworks.named("mlps-2.0-level3");
      assertThat(level3.level()).contains(3);
      assertThat(level3.controls()).filteredOn(c -> c.title("zh-CN").equals("安全计算环境—访问控制"))
          .singleElement().satisfies(c -> assertThat(c.id()).isEqualTo("8.1.4.2"));
      assertThat(level3.controls()).filteredOn(c -> c.title("zh-CN").endsWith("镜像和快照保护"))
          .singleElement().satisfies(c -> assertThat(c.id()).isEqualTo("8.2.4.4"));
      assertThat(Frameworks.named("mlps-2.0-level4").controls()).extracting(Control::id).contains("9.1.4.2");
      Framework level2 = Frameworks.named("mlps-2.0-level2");
      assertThat(level2.controls()).extracting(Control::id).contains("7.1.4.2").doesNotContain("7.1.5.4");
      assertThatThrownBy(() -> Frameworks.named("mlps-2.0")).isInstanceOf(UsageException.class)
          .hasMessageContaining("mlps-2.0-level3");
      assertThatThrownBy(() -> Frameworks.named("sox")).isInstanceOf(UsageException.class);
    }
  }

  @Nested
  class Statuses {
    private ControlAssessment control(AuditReport report, String id) {
      return report.frameworks().getFirst().controls().stream().filter(c -> c.control().id().equals(id)).findFirst()
          .orElseThrow();
    }

    @Test
    void controlsPassFailAreNotApplicableOrManual() {
      Subject privileged = TestSubjects.containerSubject("bad", TestSubjects.container(Map.of("privileged", true)),
          Optional.empty());
      Subject plain = TestSubjects.containerSubject("good", TestSubjects.container(Map.of()), Optional.empty());
      AuditReport report = new AuditService(rules, List.of(Frameworks.named("cis-docker-1.6")))
          .audit(List.of(privileged, plain));
      assertThat(control(report, "5.4").status()).isEqualTo(ControlStatus.FAIL);
      assertThat(control(report, "5.4").results()).hasSize(2);
      assertThat(control(report, "5.9").status()).isEqualTo(ControlStatus.PASS);
      assertThat(control(report, "2.2").status()).as("no daemon audited").isEqualTo(ControlStatus.NOT_APPLICABLE);
      assertThat(control(report, "5.8").status()).isEqualTo(ControlStatus.MANUAL);
      assertThat(report.frameworks().getFirst().summary().values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(105);
    }

    @Test
    void anEvaluationErrorLeavesTheControlUndecided() {
      Subject daemon = TestSubjects.subject("daemon", TestSubjects.daemon(Map.of("runcVersion", "unknown")));
      AuditReport report = new AuditService(rules, List.of(Frameworks.named("nist-800-190"))).audit(List.of(daemon));
      assertThat(report.errors()).isNotEmpty();
      assertThat(control(report, "4.4.1").status()).isEqualTo(ControlStatus.ERROR);
    }
  }
}
