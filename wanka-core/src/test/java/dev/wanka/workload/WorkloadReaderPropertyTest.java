package dev.wanka.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import dev.wanka.topology.Tier;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The reader and the record constructors agree: whatever numbers a training submission holds, the
 * reader either builds the job the numbers describe or reports each mistake against a field; it
 * never lets a record constructor be the one to object (that would surface as a problem with no
 * field). Seeds are fixed so every run checks the same submissions.
 */
class WorkloadReaderPropertyTest {

  @Provide
  Arbitrary<Integer> sizes() {
    return Arbitraries.oneOf(
        Arbitraries.of(0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 128, 129, 256, 512, 1000),
        Arbitraries.integers().between(-5, 5000));
  }

  @Property(tries = 1000, seed = "20261130")
  void trainingSubmissionsAreBuiltOrRejectedFieldByField(
      @ForAll("sizes") int devices,
      @ForAll("sizes") int perNode,
      @ForAll("sizes") int tp,
      @ForAll("sizes") int min,
      @ForAll("sizes") int max,
      @ForAll @IntRange(min = 0, max = 7) int options,
      @ForAll Tier scope,
      @ForAll TopologyStrength strength) {
    boolean withPerNode = (options & 1) != 0;
    boolean withTp = (options & 2) != 0;
    boolean withElastic = (options & 4) != 0;
    StringBuilder yaml =
        new StringBuilder(
            "kind: training\nname: p\ntenant: t\nqueue: q\naccelerators: [h100]\n"
                + "devices: "
                + devices
                + "\ntopology: {scope: "
                + scope.keyword()
                + ", strength: "
                + strength.keyword()
                + "}\n");
    if (withPerNode) {
      yaml.append("devicesPerNode: ").append(perNode).append('\n');
    }
    if (withTp) {
      yaml.append("tensorParallel: ").append(tp).append('\n');
    }
    if (withElastic) {
      yaml.append("elastic: {min: ").append(min).append(", max: ").append(max).append("}\n");
    }

    Optional<TrainingJob> expected =
        expected(devices, withPerNode, perNode, withTp, tp, withElastic, min, max, scope, strength);
    Statistics.label("outcome").collect(expected.isPresent() ? "accepted" : "rejected");
    Statistics.label("outcome")
        .coverage(
            checker -> {
              checker.check("accepted").percentage(p -> p > 5);
              checker.check("rejected").percentage(p -> p > 5);
            });
    try {
      Workload read = WorkloadReaderTest.read(yaml.toString());
      assertThat(expected).as("the constructor accepts what the reader accepted").isPresent();
      assertThat(read).isEqualTo(expected.get());
    } catch (SpecException e) {
      assertThat(e.problems())
          .as("every problem names a field")
          .allSatisfy(p -> assertThat(p.field()).isNotEmpty());
      assertThat(e.problems()).extracting(SpecProblem::message).doesNotContainNull();
      assertThat(expected).as("the constructor rejects what the reader rejected").isEmpty();
    }
  }

  @Property(tries = 300, seed = "20261131")
  void aServiceRequestsReplicasTimesItsShare(
      @ForAll @IntRange(min = 1, max = 1000) int replicas,
      @ForAll @IntRange(min = 1, max = 1000) int milli) {
    String share = milli == 1000 ? "1" : String.format("0.%03d", milli);
    InferenceService service =
        (InferenceService)
            WorkloadReaderTest.read(
                "kind: inference\nname: s\ntenant: t\nqueue: q\naccelerators: [l20, h20]\n"
                    + "replicas: "
                    + replicas
                    + "\ndevices: "
                    + share
                    + "\n");

    assertThat(service.perReplica().milliDevices()).isEqualTo(milli);
    assertThat(service.request().alternatives())
        .hasSize(2)
        .allSatisfy(
            a -> {
              assertThat(a.minMilliDevices()).isEqualTo((long) replicas * milli);
              assertThat(a.maxMilliDevices()).isEqualTo((long) replicas * milli);
            });
  }

  private static Optional<TrainingJob> expected(
      int devices,
      boolean withPerNode,
      int perNode,
      boolean withTp,
      int tp,
      boolean withElastic,
      int min,
      int max,
      Tier scope,
      TopologyStrength strength) {
    try {
      WorkloadMeta meta =
          new WorkloadMeta(
              WorkloadId.of(42),
              "p",
              Tenant.of("t"),
              QueueName.of("q"),
              WorkloadReaderTest.CLASSES.defaults(),
              1000);
      return Optional.of(
          new TrainingJob(
              meta,
              devices,
              withPerNode ? OptionalInt.of(perNode) : OptionalInt.empty(),
              List.of(new AcceleratorChoice("h100-sxm", OptionalDouble.empty())),
              Optional.of(new TopologyConstraint(scope, strength)),
              withElastic ? new ElasticRange(min, max) : ElasticRange.rigid(devices),
              OptionalLong.empty(),
              OptionalLong.empty(),
              withTp ? OptionalInt.of(tp) : OptionalInt.empty()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
