package dev.wanka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AgesTest {
  @Test
  void aDurationIsShownInItsLargestWholeUnitLikeKubectl() {
    assertThat(Ages.duration(0)).isEqualTo("0s");
    assertThat(Ages.duration(59_999)).isEqualTo("59s");
    assertThat(Ages.duration(60_000)).isEqualTo("1m");
    assertThat(Ages.duration(3_599_000)).isEqualTo("59m");
    assertThat(Ages.duration(3_600_000)).isEqualTo("1h");
    assertThat(Ages.duration(86_399_000)).isEqualTo("23h");
    assertThat(Ages.duration(86_400_000)).isEqualTo("1d");
    // 364 days, then 730 days = 2 years
    assertThat(Ages.duration(364 * 86_400_000L)).isEqualTo("364d");
    assertThat(Ages.duration(730 * 86_400_000L)).isEqualTo("2y");
  }

  @Test
  void aTimeFromAnotherClockIsNeverNegative() {
    assertThat(Ages.duration(-5_000)).isEqualTo("0s");
  }

  @Test
  void anInstantIsShownInTheClocksZoneWithItsAgeOrItsDistance() {
    // 12:00 UTC is 20:00 in Shanghai (UTC+8)
    Clock clock = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneId.of("Asia/Shanghai"));
    long tenPast = Instant.parse("2026-12-01T11:50:00Z").toEpochMilli();
    long inTwoHours = Instant.parse("2026-12-01T14:00:00Z").toEpochMilli();

    assertThat(Ages.instant(tenPast, clock)).isEqualTo("2026-12-01 19:50:00 (10m ago)");
    assertThat(Ages.instant(inTwoHours, clock)).isEqualTo("2026-12-01 22:00:00 (in 2h)");
    assertThat(Ages.instant(0, clock)).isEqualTo("-");
    assertThat(Ages.since(0, clock)).isEqualTo("-");
  }
}
