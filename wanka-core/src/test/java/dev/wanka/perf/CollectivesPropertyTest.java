package dev.wanka.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

/**
 * Laws of the collective cost model over random groups: 1 to 256 domains of 1 to 72 members (up to
 * 18,432), scale-up 1 GB/s to 1 TB/s, scale-out 1 to 100 GB/s (so either may be the faster),
 * latencies 0 to 20 µs, efficiencies 0.05 to 1, messages 0 to 100 GB. Seeds are fixed so every run
 * checks the same cases.
 */
class CollectivesPropertyTest {
  private static final CollectiveAlgorithm[] ALGORITHMS = CollectiveAlgorithm.values();

  // ---- generators ----------------------------------------------------------------------------

  @Provide
  Arbitrary<CommGroup> groups() {
    return Combinators.combine(
            Arbitraries.of(1, 2, 4, 8, 16, 64, 72),
            Arbitraries.integers().between(1, 256),
            Arbitraries.doubles().between(1e9, 1e12),
            Arbitraries.doubles().between(1e9, 1e11),
            Arbitraries.doubles().between(0, 2e-5).ofScale(12),
            Arbitraries.doubles().between(0, 2e-5).ofScale(12))
        .as(
            (k, d, up, out, upLatency, outLatency) ->
                new CommGroup(k * d, k, up, out, upLatency, outLatency));
  }

  @Provide
  Arbitrary<Double> bytes() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(0.0)),
        Tuple.of(3, Arbitraries.doubles().between(1, 1e6)),
        Tuple.of(6, Arbitraries.doubles().between(1e6, 1e11)));
  }

  @Provide
  Arbitrary<Collectives> models() {
    return Arbitraries.doubles().between(0.05, 1).map(Collectives::new);
  }

  /** Every time the model gives for one message: each all-reduce, the fastest, and the rest. */
  private static double[] times(Collectives model, CommGroup group, double bytes) {
    double[] times = new double[ALGORITHMS.length + 4];
    for (int i = 0; i < ALGORITHMS.length; i++) {
      times[i] = model.allReduceSeconds(group, bytes, ALGORITHMS[i]);
    }
    times[ALGORITHMS.length] = model.allReduceSeconds(group, bytes);
    times[ALGORITHMS.length + 1] = model.allGatherSeconds(group, bytes);
    times[ALGORITHMS.length + 2] = model.reduceScatterSeconds(group, bytes);
    times[ALGORITHMS.length + 3] = model.allToAllSeconds(group, bytes);
    return times;
  }

  private static CommGroup withBandwidths(CommGroup g, double up, double out) {
    return new CommGroup(
        g.size(),
        g.membersPerDomain(),
        up,
        out,
        g.scaleUpLatencySeconds(),
        g.scaleOutLatencySeconds());
  }

  private static CommGroup withLatencies(CommGroup g, double up, double out) {
    return new CommGroup(
        g.size(),
        g.membersPerDomain(),
        g.scaleUpBytesPerSecond(),
        g.scaleOutBytesPerSecond(),
        up,
        out);
  }

  // ---- monotonicity --------------------------------------------------------------------------

  @Property(tries = 500, seed = "20250301")
  void moreBytesAreNeverFaster(
      @ForAll("models") Collectives model,
      @ForAll("groups") CommGroup group,
      @ForAll("bytes") double bytes,
      @ForAll @DoubleRange(min = 1, max = 100) double factor) {
    double[] fewer = times(model, group, bytes);
    double[] more = times(model, group, bytes * factor);
    for (int i = 0; i < fewer.length; i++) {
      assertThat(more[i]).as("time %d", i).isGreaterThanOrEqualTo(fewer[i]);
    }
  }

  @Property(tries = 500, seed = "20250302")
  void moreBandwidthIsNeverSlower(
      @ForAll("models") Collectives model,
      @ForAll("groups") CommGroup group,
      @ForAll("bytes") double bytes,
      @ForAll @DoubleRange(min = 1, max = 100) double upFactor,
      @ForAll @DoubleRange(min = 1, max = 100) double outFactor) {
    double[] slow = times(model, group, bytes);
    CommGroup fasterUp =
        withBandwidths(
            group, group.scaleUpBytesPerSecond() * upFactor, group.scaleOutBytesPerSecond());
    CommGroup fasterOut =
        withBandwidths(
            group, group.scaleUpBytesPerSecond(), group.scaleOutBytesPerSecond() * outFactor);
    double[] up = times(model, fasterUp, bytes);
    double[] out = times(model, fasterOut, bytes);
    for (int i = 0; i < slow.length; i++) {
      assertThat(up[i]).as("time %d, faster scale-up", i).isLessThanOrEqualTo(slow[i]);
      assertThat(out[i]).as("time %d, faster scale-out", i).isLessThanOrEqualTo(slow[i]);
    }
  }

  @Property(tries = 500, seed = "20250303")
  void higherEfficiencyIsNeverSlower(
      @ForAll("groups") CommGroup group,
      @ForAll("bytes") double bytes,
      @ForAll @DoubleRange(min = 0.05, max = 1) double low,
      @ForAll @DoubleRange(min = 0.05, max = 1) double high) {
    double[] slow = times(new Collectives(Math.min(low, high)), group, bytes);
    double[] fast = times(new Collectives(Math.max(low, high)), group, bytes);
    for (int i = 0; i < slow.length; i++) {
      assertThat(fast[i]).as("time %d", i).isLessThanOrEqualTo(slow[i]);
    }
  }

  @Property(tries = 500, seed = "20250304")
  void moreLatencyIsNeverFaster(
      @ForAll("models") Collectives model,
      @ForAll("groups") CommGroup group,
      @ForAll("bytes") double bytes,
      @ForAll @DoubleRange(min = 0, max = 1e-5) @Scale(12) double extraUp,
      @ForAll @DoubleRange(min = 0, max = 1e-5) @Scale(12) double extraOut) {
    double[] quick = times(model, group, bytes);
    double[] slow =
        times(
            model,
            withLatencies(
                group,
                group.scaleUpLatencySeconds() + extraUp,
                group.scaleOutLatencySeconds() + extraOut),
            bytes);
    for (int i = 0; i < quick.length; i++) {
      assertThat(slow[i]).as("time %d", i).isGreaterThanOrEqualTo(quick[i]);
    }
  }

  // ---- structure -----------------------------------------------------------------------------

  @Property(tries = 500, seed = "20250305")
  void theFastestAllReduceIsTheMinimumOfTheThree(
      @ForAll("models") Collectives model,
      @ForAll("groups") CommGroup group,
      @ForAll("bytes") double bytes) {
    double fastest = model.allReduceSeconds(group, bytes);
    CollectiveAlgorithm choice = model.fastestAllReduce(group, bytes);
    assertThat(fastest).isEqualTo(model.allReduceSeconds(group, bytes, choice));
    for (CollectiveAlgorithm algorithm : ALGORITHMS) {
      assertThat(fastest).isLessThanOrEqualTo(model.allReduceSeconds(group, bytes, algorithm));
    }
  }

  /**
   * Patarasuk &amp; Yuan: an all-reduce must move {@code 2(n-1)/n · S} through each member's links,
   * so no algorithm beats {@code 2(n-1)/n · S / B} on the fastest link the group has.
   */
  @Property(tries = 500, seed = "20250306")
  void noAllReduceBeatsTheBandwidthLowerBound(
      @ForAll("models") Collectives model,
      @ForAll("groups") CommGroup group,
      @ForAll("bytes") double bytes) {
    int n = group.size();
    double fastestLink =
        model.efficiency()
            * (group.spansDomains()
                ? Math.max(group.scaleUpBytesPerSecond(), group.scaleOutBytesPerSecond())
                : group.scaleUpBytesPerSecond());
    double bound = 2.0 * (n - 1) / n * bytes / fastestLink;
    for (CollectiveAlgorithm algorithm : ALGORITHMS) {
      assertThat(model.allReduceSeconds(group, bytes, algorithm))
          .as("%s", algorithm)
          .isGreaterThanOrEqualTo(bound * (1 - 1e-12));
    }
  }

  @Property(tries = 500, seed = "20250307")
  void allGatherAndReduceScatterAreEachHalfTheFasterRingOrHierarchicalAllReduce(
      @ForAll("models") Collectives model,
      @ForAll("groups") CommGroup group,
      @ForAll("bytes") double bytes) {
    double allReduce =
        Math.min(
            model.allReduceSeconds(group, bytes, CollectiveAlgorithm.RING),
            model.allReduceSeconds(group, bytes, CollectiveAlgorithm.HIERARCHICAL));
    double gather = model.allGatherSeconds(group, bytes);
    double scatter = model.reduceScatterSeconds(group, bytes);
    assertThat(gather).isEqualTo(scatter);
    assertThat(gather + scatter).isCloseTo(allReduce, within(allReduce * 1e-12));
  }

  @Property(tries = 300, seed = "20250308")
  void aGroupInsideOneDomainIgnoresTheScaleOutFabric(
      @ForAll("models") Collectives model,
      @ForAll("groups") CommGroup drawn,
      @ForAll("bytes") double bytes,
      @ForAll @DoubleRange(min = 1e6, max = 1e13) double otherScaleOut,
      @ForAll @DoubleRange(min = 0, max = 1) double otherScaleOutLatency) {
    CommGroup group =
        new CommGroup(
            drawn.membersPerDomain(),
            drawn.membersPerDomain(),
            drawn.scaleUpBytesPerSecond(),
            drawn.scaleOutBytesPerSecond(),
            drawn.scaleUpLatencySeconds(),
            drawn.scaleOutLatencySeconds());
    CommGroup other =
        new CommGroup(
            group.size(),
            group.size(),
            group.scaleUpBytesPerSecond(),
            otherScaleOut,
            group.scaleUpLatencySeconds(),
            otherScaleOutLatency);
    assertThat(times(model, other, bytes)).containsExactly(times(model, group, bytes));
  }

  @Property(tries = 300, seed = "20250309")
  void insideOneDomainRingAndAllToAllFollowTheirFormulas(
      @ForAll("models") Collectives model,
      @ForAll("groups") CommGroup drawn,
      @ForAll("bytes") double bytes) {
    int n = drawn.membersPerDomain();
    CommGroup group =
        new CommGroup(
            n,
            n,
            drawn.scaleUpBytesPerSecond(),
            drawn.scaleOutBytesPerSecond(),
            drawn.scaleUpLatencySeconds(),
            drawn.scaleOutLatencySeconds());
    double b = model.efficiency() * group.scaleUpBytesPerSecond();
    double alpha = group.scaleUpLatencySeconds();
    double ring = bytes == 0 || n == 1 ? 0 : 2.0 * (n - 1) / n * bytes / b + 2 * (n - 1) * alpha;
    double allToAll = bytes == 0 || n == 1 ? 0 : (n - 1.0) / n * bytes / b + (n - 1) * alpha;
    assertThat(model.allReduceSeconds(group, bytes, CollectiveAlgorithm.RING))
        .isCloseTo(ring, within(ring * 1e-12));
    assertThat(model.allToAllSeconds(group, bytes)).isCloseTo(allToAll, within(allToAll * 1e-12));
  }

  @Property(tries = 300, seed = "20250310")
  void withoutLatencyEveryTimeIsLinearInBytes(
      @ForAll("models") Collectives model,
      @ForAll("groups") CommGroup drawn,
      @ForAll("bytes") double bytes,
      @ForAll @DoubleRange(min = 1, max = 1000) double factor) {
    CommGroup group = withLatencies(drawn, 0, 0);
    double[] one = times(model, group, bytes);
    double[] scaled = times(model, group, bytes * factor);
    for (int i = 0; i < one.length; i++) {
      assertThat(scaled[i])
          .as("time %d", i)
          .isCloseTo(one[i] * factor, within(one[i] * factor * 1e-9));
    }
  }
}
