package dev.wanka.sched.quota;

import static dev.wanka.sched.quota.BorrowingPolicy.BORROW_AND_LEND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueTreeTest {
  @Test
  void parentsComeFromNamesAndTheRootPoolsTopLevelGuarantees() {
    QueueTree tree =
        QueueTree.builder()
            .queue("team-b", "beta", BORROW_AND_LEND, Map.of("h100-sxm", new Quota(64, 128)))
            .queue(
                "team-a/research", "acme", BORROW_AND_LEND, Map.of("h100-sxm", new Quota(16, 32)))
            .queue("team-a", "acme", BORROW_AND_LEND, Map.of("h100-sxm", new Quota(32, 64)))
            .build();
    assertThat(tree.queues())
        .extracting(QueueSpec::name)
        .containsExactly("team-a", "team-a/research", "team-b");
    int research = tree.indexOf("team-a/research");
    assertThat(tree.nameOf(tree.parentOf(research))).isEqualTo("team-a");
    assertThat(tree.isLeaf(research)).isTrue();
    assertThat(tree.isLeaf(tree.indexOf("team-a"))).isFalse();
    assertThat(tree.guaranteed(tree.size(), "h100-sxm")).isEqualTo(96);
    assertThat(tree.queue("team-a/research").parentName()).contains("team-a");
    assertThat(tree.queue("team-a").quota("910b")).isEqualTo(Quota.NONE);
  }

  @Test
  void everyProblemIsReportedWithTheQueueAndWhatIsAllowed() {
    QuotaConfigException e =
        catchThrowableOfType(
            QuotaConfigException.class,
            () ->
                QueueTree.builder()
                    .queue("team-a", "acme", BORROW_AND_LEND)
                    .quota("team-a", "h100-sxm", 512, 1024)
                    .queue("team-a/x", "acme", BORROW_AND_LEND)
                    .quota("team-a/x", "h100-sxm", 400, 512)
                    .queue("team-a/y", "acme", BORROW_AND_LEND)
                    .quota("team-a/y", "h100-sxm", 200, 100)
                    .queue("team-a/z", "acme", BORROW_AND_LEND)
                    .quota("team-a/z", "h100-sxm", 200, 200)
                    .queue("team-c/q", "Acme", BORROW_AND_LEND)
                    .queue("Team_D", "acme", BORROW_AND_LEND)
                    .quota("team-e", "h100-sxm", 1, 1)
                    .build());
    assertThat(e.problems())
        .containsExactly(
            "queue 'team-c/q': tenant 'Acme' is not a slug (lower-case letters, digits and inner"
                + " '-')",
            "queue 'team-c/q' has no parent: declare queue 'team-c' first",
            "queue name 'Team_D' is not a slash-separated list of slugs (lower-case letters,"
                + " digits and inner '-', e.g. 'team-a/research')",
            "queue 'team-a/y', h100-sxm: max 100 is below guaranteed 200; allowed: max >="
                + " guaranteed",
            "quota for undeclared queue 'team-e'; did you mean 'team-a'?");
    assertThat(e.getMessage()).startsWith("invalid queue tree (5 problems):\n  - queue 'team-c/q'");
  }

  @Test
  void childrensGuaranteesMayNotExceedTheirParents() {
    assertThatThrownBy(
            () ->
                QueueTree.builder()
                    .queue(
                        "team-a", "acme", BORROW_AND_LEND, Map.of("h100-sxm", new Quota(512, 1024)))
                    .queue(
                        "team-a/x",
                        "acme",
                        BORROW_AND_LEND,
                        Map.of("h100-sxm", new Quota(400, 512)))
                    .queue(
                        "team-a/y",
                        "acme",
                        BORROW_AND_LEND,
                        Map.of("h100-sxm", new Quota(200, 512)))
                    .build())
        .isInstanceOf(QuotaConfigException.class)
        .hasMessage(
            "invalid queue tree (1 problem):\n"
                + "  - children of 'team-a' are guaranteed 600 h100-sxm (team-a/x 400, team-a/y"
                + " 200) but 'team-a' is guaranteed only 512; allowed: children's guarantees sum"
                + " to at most their parent's");
  }

  @Test
  void duplicatesAndEmptyTreesAreRefused() {
    assertThatThrownBy(() -> QueueTree.builder().build())
        .hasMessageContaining("no queues declared");
    assertThatThrownBy(
            () ->
                QueueTree.builder()
                    .queue("a", "t", BORROW_AND_LEND)
                    .queue("a", "t", BORROW_AND_LEND)
                    .quota("a", "h100-sxm", 1, 1)
                    .quota("a", "h100-sxm", 2, 2)
                    .build())
        .hasMessageContaining("queue 'a' is declared twice")
        .hasMessageContaining("queue 'a' has two quotas for accelerator 'h100-sxm'");
  }
}
