package dev.wanka.sched.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class DominantResourceFairnessTest {
  /** The paper's example: 9 CPUs and 18 GB; A's tasks need <1 CPU, 4 GB>, B's <3 CPU, 1 GB>. */
  private static final DominantResourceFairness PAPER =
      new DominantResourceFairness(Map.of("cpu", 9L, "memory-gb", 18L));

  private static final Map<String, Map<String, Long>> TASKS =
      Map.of(
          "a", Map.of("cpu", 1L, "memory-gb", 4L),
          "b", Map.of("cpu", 3L, "memory-gb", 1L));

  @Test
  void thePapersExampleGivesAThreeTasksAndBTwo() {
    assertThat(PAPER.progressiveFilling(TASKS, Map.of())).isEqualTo(Map.of("a", 3, "b", 2));
  }

  @Test
  void dominantSharesOfThePapersAllocationAreEqual() {
    TenantShare a = PAPER.share("a", Map.of("cpu", 3L, "memory-gb", 12L));
    TenantShare b = PAPER.share("b", Map.of("cpu", 6L, "memory-gb", 2L));
    assertThat(a.dominantResource()).isEqualTo("memory-gb");
    assertThat(b.dominantResource()).isEqualTo("cpu");
    assertThat(a.dominantShare()).isCloseTo(2.0 / 3, Offset.offset(1e-12));
    assertThat(b.dominantShare()).isCloseTo(2.0 / 3, Offset.offset(1e-12));
  }

  @Test
  void tenantsAreOrderedByAscendingDominantShareThenName() {
    DominantResourceFairness drf =
        new DominantResourceFairness(Map.of("h100-sxm", 100L, "910b", 200L));
    var order =
        drf.order(
            Map.of(
                "zeta", Map.of("h100-sxm", 10L),
                "alpha", Map.of("910b", 20L),
                "mid", Map.of("h100-sxm", 5L, "910b", 60L),
                "idle", Map.of()));
    assertThat(order)
        .extracting(TenantShare::tenant)
        .containsExactly("idle", "alpha", "zeta", "mid");
    assertThat(order.get(3).dominantResource()).isEqualTo("910b");
  }

  @Test
  void weightsDivideTheDominantShare() {
    DominantResourceFairness drf = new DominantResourceFairness(Map.of("h100-sxm", 100L));
    var usage = Map.of("a", Map.of("h100-sxm", 30L), "b", Map.of("h100-sxm", 50L));
    assertThat(drf.order(usage)).extracting(TenantShare::tenant).containsExactly("a", "b");
    assertThat(drf.order(usage, Map.of("b", 2.0)))
        .extracting(TenantShare::tenant)
        .containsExactly("b", "a");
    // weight 2 for A in the paper's example: A's dominant share may be twice B's
    assertThat(PAPER.progressiveFilling(TASKS, Map.of("a", 2.0))).isEqualTo(Map.of("a", 4, "b", 1));
  }

  @Test
  void badInputIsRefusedWithWhatIsAllowed() {
    assertThatThrownBy(() -> new DominantResourceFairness(Map.of("cpu", 0L)))
        .hasMessage("capacity of 'cpu' is 0; allowed: a positive amount");
    assertThatThrownBy(() -> PAPER.share("a", Map.of("gpu", 1L)))
        .hasMessage("tenant 'a' uses resource 'gpu' which has no capacity; known: cpu, memory-gb");
    assertThatThrownBy(() -> PAPER.share("a", Map.of(), 0))
        .hasMessage("weight of tenant 'a' is 0.0; allowed: a positive number");
  }
}
