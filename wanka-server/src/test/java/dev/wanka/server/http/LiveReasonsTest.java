package dev.wanka.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveReasonsTest {
  private static final String CORE =
      "holds the backfill reservation: 16 h100-sxm expected free by t=1796086728; needs 16"
          + " h100-sxm (2 whole nodes) within one pool; queue default uses 0% of its h100-sxm quota"
          + " (32 of 4000000)";

  @Test
  void epochSecondsBecomeInstantsAndOpenQueuesDropTheQuotaClause() {
    assertThat(LiveReasons.word(CORE, true))
        .isEqualTo(
            "holds the backfill reservation: 16 h100-sxm expected free by 2026-12-01T00:58:48Z;"
                + " needs 16 h100-sxm (2 whole nodes) within one pool");
  }

  @Test
  void configuredQuotasKeepTheirClause() {
    assertThat(LiveReasons.word(CORE, false))
        .contains("expected free by 2026-12-01T00:58:48Z")
        .endsWith("quota (32 of 4000000)");
  }
}
