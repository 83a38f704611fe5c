package dev.wanka.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wanka.catalog.Catalog;
import dev.wanka.sched.quota.BorrowingPolicy;
import dev.wanka.sched.quota.QueueSpec;
import dev.wanka.sched.quota.QueueTree;
import dev.wanka.sched.quota.Quota;
import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import dev.wanka.workload.PriorityClass;
import dev.wanka.workload.PriorityClasses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scheduler configuration reader on the example file and on small malformed files. */
class SchedulerConfigReaderTest {
  private static final Catalog CATALOG = Catalog.bundled();
  private static final Path EXAMPLE = Path.of("..", "examples", "scheduler", "queues.yaml");

  private static final String CLASSES =
      """
      priorityClasses:
        - {name: production, priority: 1000, preemptible: false}
        - {name: high, priority: 100, preemptible: true, graceSeconds: 300}
        - {name: best-effort, priority: 0, preemptible: true, graceSeconds: 30}
      defaultPriority: high
      """;

  /** The brief's example: two levels, two accelerator types, one alias. */
  private static final String VALID =
      CLASSES
          + """
          queues:
            - name: team-a
              tenant: team-a
              quota: {h100-sxm: {guaranteed: 512, max: 1024}, ascend-910b: {guaranteed: 256, max: 256}}
              borrow: true
              lend: true
            - name: team-a/research
              tenant: team-a
              quota: {h100-sxm: {guaranteed: 256, max: 1024}}
          """;

  private static SchedulerConfig read(String yaml) {
    return SchedulerConfigReader.read("queues.yaml", yaml, CATALOG);
  }

  private static List<SpecProblem> problems(String yaml) {
    SpecException e = catchThrowableOfType(SpecException.class, () -> read(yaml));
    assertThat(e).as("the reader rejects the file").isNotNull();
    return e.problems();
  }

  /** The only problem of a file, formatted as {@code file:line:col: field: message}. */
  private static SpecProblem only(String yaml) {
    List<SpecProblem> problems = problems(yaml);
    assertThat(problems).as(problems.toString()).hasSize(1);
    return problems.get(0);
  }

  /** A file with the valid priority classes and these queue lines. */
  private static String queues(String queueLines) {
    return CLASSES + "queues:\n" + queueLines;
  }

  @Test
  void readsTheBriefsExample() {
    SchedulerConfig config = read(VALID);

    PriorityClasses classes = config.priorityClasses();
    assertThat(classes.classes())
        .containsExactly(
            PriorityClass.nonPreemptible("production", 1000),
            PriorityClass.preemptible("high", 100, 300),
            PriorityClass.preemptible("best-effort", 0, 30));
    assertThat(classes.defaults().name()).isEqualTo("high");

    QueueTree tree = config.queues();
    assertThat(tree.queues())
        .containsExactly(
            new QueueSpec(
                "team-a",
                "team-a",
                Map.of("h100-sxm", new Quota(512, 1024), "ascend-910b2", new Quota(256, 256)),
                BorrowingPolicy.BORROW_AND_LEND),
            new QueueSpec(
                "team-a/research",
                "team-a",
                Map.of("h100-sxm", new Quota(256, 1024)),
                BorrowingPolicy.BORROW_AND_LEND));
    assertThat(tree.acceleratorTypes())
        .as("aliases resolve to catalog ids")
        .containsExactly("ascend-910b2", "h100-sxm");
    assertThat(tree.parentOf(tree.indexOf("team-a/research"))).isEqualTo(tree.indexOf("team-a"));
  }

  @Test
  void readsTheExampleFile() throws IOException {
    String yaml = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
    SchedulerConfig config = SchedulerConfigReader.read(EXAMPLE.toString(), yaml, CATALOG);

    assertThat(config.priorityClasses().names())
        .containsExactly("production", "high", "best-effort");
    assertThat(config.priorityClasses().defaults())
        .isEqualTo(PriorityClass.preemptible("high", 100, 300));
    QueueTree tree = config.queues();
    assertThat(tree.queues())
        .extracting(QueueSpec::name)
        .containsExactly("team-a", "team-a/research", "team-a/serving", "team-b");
    QueueSpec serving = tree.queue("team-a/serving");
    assertThat(serving.quota("h100-sxm")).isEqualTo(new Quota(256, 512));
    assertThat(serving.quota("ascend-910b2"))
        .as("max defaults to guaranteed")
        .isEqualTo(new Quota(256, 256));
    assertThat(serving.borrowing()).isEqualTo(BorrowingPolicy.LEND_ONLY);
    assertThat(tree.queue("team-b").borrowing()).isEqualTo(BorrowingPolicy.ISOLATED);
    assertThat(tree.queue("team-a/research").borrowing())
        .as("borrow and lend default to true")
        .isEqualTo(BorrowingPolicy.BORROW_AND_LEND);
    assertThat(tree.guaranteed(tree.size(), "h100-sxm"))
        .as("the root's pool: team-a 512 + team-b 128")
        .isEqualTo(640);
  }

  @Test
  void unknownFieldIsReportedWithTheClosestAllowedOne() {
    List<SpecProblem> problems =
        problems(
            queues(
                """
                  - name: team-a
                    tenant: team-a
                    qouta: {h100-sxm: {guaranteed: 8}}
                """));

    assertThat(problems)
        .extracting(SpecProblem::format)
        .containsExactly(
            "queues.yaml:9:5: queues[0].qouta: unknown field; allowed here: name, tenant, quota,"
                + " borrow, lend; did you mean 'quota'?");
  }

  @Test
  void unknownFieldOfAPriorityClassIsReported() {
    SpecProblem p =
        only(
            VALID.replace(
                "{name: high, priority: 100, preemptible: true, graceSeconds: 300}",
                "{name: high, priority: 100, preemptible: true, graceSecs: 300}"));

    assertThat(p.field()).isEqualTo("priorityClasses[1].graceSecs");
    assertThat(p.at().line()).isEqualTo(3);
    assertThat(p.message()).endsWith("did you mean 'graceSeconds'?");
  }

  @Test
  void unknownAcceleratorIsReportedWithASuggestion() {
    SpecProblem p =
        only(
            VALID.replace(
                "{h100-sxm: {guaranteed: 256, max: 1024}}",
                "{h100-sxn: {guaranteed: 256, max: 1024}}"));

    assertThat(p.field()).isEqualTo("queues[1].quota.h100-sxn");
    assertThat(p.at().line()).isEqualTo(14);
    assertThat(p.at().toString()).isEqualTo("queues.yaml:14:13");
    assertThat(p.message())
        .isEqualTo(
            "'h100-sxn' is not in the accelerator catalog; did you mean 'h100-sxm'?"
                + " ('wanka catalog' lists the ids)");
  }

  @Test
  void maxBelowGuaranteedIsReportedAtMax() {
    SpecProblem p =
        only(
            queues(
                """
                  - name: team-a
                    tenant: team-a
                    quota:
                      h100-sxm:
                        guaranteed: 64
                        max: 32
                """));

    assertThat(p.format())
        .isEqualTo(
            "queues.yaml:12:14: queues[0].quota.h100-sxm.max: '32' is not allowed: must be at"
                + " least guaranteed (64); max caps what the queue may hold, its guarantee"
                + " included");
  }

  @Test
  void childrenOverTheParentsGuaranteeAreReportedAtTheParentsQuota() {
    SpecProblem p =
        only(
            queues(
                """
                  - name: team-a
                    tenant: team-a
                    quota:
                      h100-sxm: {guaranteed: 100, max: 200}
                  - name: team-a/x
                    tenant: team-a
                    quota: {h100-sxm: {guaranteed: 60, max: 200}}
                  - name: team-a/y
                    tenant: team-a
                    quota: {h100: {guaranteed: 50, max: 200}}
                """));

    assertThat(p.field()).isEqualTo("queues[0].quota.h100-sxm");
    assertThat(p.at().line()).isEqualTo(10);
    assertThat(p.at().toString()).isEqualTo("queues.yaml:10:7");
    assertThat(p.message())
        .isEqualTo(
            "children of 'team-a' are guaranteed 110 h100-sxm (team-a/x 60, team-a/y 50) but"
                + " 'team-a' is guaranteed only 100; allowed: children's guarantees sum to at"
                + " most their parent's");
  }

  @Test
  void missingParentIsReportedAtTheQueuesName() {
    SpecProblem p =
        only(
            queues(
                """
                  - name: team-a/research
                    tenant: team-a
                    quota: {h100-sxm: {guaranteed: 8, max: 8}}
                """));

    assertThat(p.format())
        .isEqualTo(
            "queues.yaml:7:11: queues[0]: queue 'team-a/research' has no parent: declare queue"
                + " 'team-a' first");
  }

  @Test
  void unknownDefaultPriorityIsReportedWithTheClosestClass() {
    SpecProblem p = only(VALID.replace("defaultPriority: high", "defaultPriority: hihg"));

    assertThat(p.format())
        .isEqualTo(
            "queues.yaml:5:18: defaultPriority: 'hihg' is not allowed: must be one of the priority"
                + " classes production, high, best-effort; did you mean 'high'?");
  }

  @Test
  void duplicateClassNamesAreReported() {
    SpecProblem p =
        only(VALID.replace("{name: best-effort, priority: 0,", "{name: production, priority: 0,"));

    assertThat(p.field()).isEqualTo("priorityClasses[2].name");
    assertThat(p.at().line()).isEqualTo(4);
    assertThat(p.message())
        .isEqualTo(
            "'production' is not allowed: priorityClasses[0] already has this name; class names"
                + " must be unique");
  }

  @Test
  void duplicateQueueNamesAreReported() {
    SpecProblem p =
        only(
            queues(
                """
                  - name: team-a
                    tenant: team-a
                  - name: team-a
                    tenant: team-b
                """));

    assertThat(p.format())
        .isEqualTo(
            "queues.yaml:9:11: queues[1].name: 'team-a' is not allowed: queues[0] already has this"
                + " name; queue names must be unique");
  }

  @Test
  void duplicateAcceleratorThroughAnAliasIsReported() {
    SpecProblem p =
        only(
            queues(
                """
                  - name: team-a
                    tenant: team-a
                    quota: {h100-sxm: {guaranteed: 8}, h100: {guaranteed: 8}}
                """));

    assertThat(p.field()).isEqualTo("queues[0].quota.h100");
    assertThat(p.message())
        .isEqualTo(
            "'h100' is not allowed: it is the same accelerator (h100-sxm) as 'h100-sxm' above;"
                + " give each accelerator one quota");
  }

  @Test
  void negativeNumbersAreReported() {
    List<SpecProblem> problems =
        problems(
            VALID
                .replace("graceSeconds: 30}", "graceSeconds: -30}")
                .replace("{guaranteed: 256, max: 1024}}\n", "{guaranteed: -1, max: 1024}}\n"));

    assertThat(problems)
        .extracting(SpecProblem::format)
        .containsExactly(
            "queues.yaml:4:71: priorityClasses[2].graceSeconds: '-30' is not allowed: must be a"
                + " whole number from 0 to 604800",
            "queues.yaml:14:36: queues[1].quota.h100-sxm.guaranteed: '-1' is not allowed: must"
                + " be a whole number from 0 to 4000000");
  }

  @Test
  void graceOnANonPreemptibleClassIsReported() {
    SpecProblem p =
        only(
            VALID.replace(
                "{name: production, priority: 1000, preemptible: false}",
                "{name: production, priority: 1000, preemptible: false, graceSeconds: 60}"));

    assertThat(p.field()).isEqualTo("priorityClasses[0].graceSeconds");
    assertThat(p.at().line()).isEqualTo(2);
    assertThat(p.message())
        .startsWith("is only allowed for a preemptible class; 'production' has preemptible: false");
  }

  @Test
  void missingTenantIsReported() {
    SpecProblem p =
        only(
            queues(
                """
                  - name: team-a
                    quota: {h100-sxm: {guaranteed: 8}}
                """));

    assertThat(p.format())
        .isEqualTo(
            "queues.yaml:7:5: queues[0].tenant: missing field: must be a slug of lower-case"
                + " letters, digits and '-'");
  }

  @Test
  void badQueueNameIsReported() {
    SpecProblem p =
        only(
            queues(
                """
                  - name: Team_A
                    tenant: team-a
                """));

    assertThat(p.field()).isEqualTo("queues[0].name");
    assertThat(p.message())
        .isEqualTo(
            "'Team_A' is not allowed: must be 1 to 8 slugs (lower-case letters, digits and '-')"
                + " joined by '/', e.g. team-a/research");
  }

  @Test
  void aTenantEndingInADashIsReportedAtItsField() {
    SpecProblem p =
        only(
            queues(
                """
                  - name: team-a
                    tenant: team-
                """));

    assertThat(p.field()).isEqualTo("queues[0].tenant");
    assertThat(p.at().line()).isEqualTo(8);
    assertThat(p.message()).contains("'team-' is not allowed: must be a slug");
  }

  @Test
  void borrowMustBeABoolean() {
    SpecProblem p =
        only(
            queues(
                """
                  - name: team-a
                    tenant: team-a
                    borrow: yes
                """));

    assertThat(p.field()).isEqualTo("queues[0].borrow");
    assertThat(p.message()).isEqualTo("'yes' is not allowed: must be true or false");
  }

  @Test
  void reportsEveryProblemInFileOrder() {
    List<SpecProblem> problems =
        problems(
            """
            priorityClasses:
              - {name: high, priority: 100, preemptible: true, graceSeconds: 300}
              - {name: high, priority: 10, preemptible: maybe}
            defaultPriority: low
            queues:
              - name: team-a
                tenant: team-a
                quota: {h100-sxn: {guaranteed: 8, max: 4}}
            """);

    assertThat(problems)
        .extracting(p -> p.at().line() + " " + p.field())
        .containsExactly(
            "3 priorityClasses[1].name",
            "3 priorityClasses[1].preemptible",
            "4 defaultPriority",
            "8 queues[0].quota.h100-sxn",
            "8 queues[0].quota.h100-sxn.max");
  }
}
