package dev.wanka.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MassSilenceTest {
  @Test
  void aFewSilentNodesAreLostHoweverSmallTheCluster() {
    assertThat(MassSilence.isMassSilence(1, 1)).isFalse();
    assertThat(MassSilence.isMassSilence(2, 3)).isFalse();
    assertThat(MassSilence.isMassSilence(9, 9)).isFalse();
  }

  @Test
  void mostOfALargeClusterSilentAtOnceIsTakenForAServerOrNetworkFault() {
    assertThat(MassSilence.isMassSilence(10, 12)).isTrue();
    assertThat(MassSilence.isMassSilence(12_500, 12_500)).isTrue();
    assertThat(MassSilence.isMassSilence(6_000, 12_500)).isFalse();
    assertThat(MassSilence.isMassSilence(6_876, 12_500)).isTrue();
  }
}
