package dev.wanka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostlistTest {
  @Test
  void consecutiveNodesBecomeOneBracketedRangeKeepingTheirPadding() {
    assertThat(Hostlist.names(List.of("h100-002", "h100-001", "h100-003")))
        .isEqualTo("h100-[001-003]");
  }

  @Test
  void gapsAndSeveralPrefixesAreListedInOrder() {
    assertThat(
            Hostlist.names(
                List.of("mtt-01", "h100-007", "h100-001", "h100-002", "h100-010", "mtt-02")))
        .isEqualTo("h100-[001-002,007,010],mtt-[01-02]");
  }

  @Test
  void aSingleNodeAndNamesWithoutNumbersStayAsTheyAre() {
    assertThat(Hostlist.names(List.of("h100-001"))).isEqualTo("h100-001");
    assertThat(Hostlist.names(List.of("gpu-box", "alpha"))).isEqualTo("alpha,gpu-box");
  }

  @Test
  void numbersOfDifferentWidthsAreDifferentGroups() {
    assertThat(Hostlist.names(List.of("n9", "n10", "n11"))).isEqualTo("n9,n[10-11]");
  }

  @Test
  void deviceIndexesBecomeRuns() {
    assertThat(Hostlist.numbers(List.of(0, 1, 2, 3, 6))).isEqualTo("0-3,6");
    assertThat(Hostlist.numbers(List.of(5))).isEqualTo("5");
    assertThat(Hostlist.numbers(List.of())).isEmpty();
  }
}
