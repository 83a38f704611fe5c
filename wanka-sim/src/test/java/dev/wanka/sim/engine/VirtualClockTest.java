package dev.wanka.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VirtualClockTest {
  @Test
  void timeStartsAtZeroAndOnlyMovesForward() {
    VirtualClock clock = new VirtualClock();
    assertThat(clock.now()).isZero();
    clock.advanceTo(5);
    clock.advanceTo(5);
    assertThat(clock.now()).isEqualTo(5);
    assertThatThrownBy(() -> clock.advanceTo(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("time: 4 is before now (5); virtual time only moves forward");
  }
}
