package dev.wanka.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.topology.Tier;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The value types reject impossible values and summarize their requests. */
class WorkloadModelTest {
  private static final PriorityClass NORMAL = PriorityClass.preemptible("normal", 100, 300);
  private static final WorkloadMeta META =
      new WorkloadMeta(
          WorkloadId.of(7), "job", Tenant.of("team-a"), QueueName.of("team-a/dev"), NORMAL, 0);
  private static final List<AcceleratorChoice> H100_OR_910B =
      List.of(AcceleratorChoice.of("h100-sxm"), AcceleratorChoice.of("ascend-910b2", 0.6));

  private static TrainingJob training(
      int devices, OptionalInt perNode, ElasticRange elastic, OptionalInt tp) {
    return new TrainingJob(
        META,
        devices,
        perNode,
        H100_OR_910B,
        Optional.empty(),
        elastic,
        OptionalLong.empty(),
        OptionalLong.empty(),
        tp);
  }

  @Test
  void identifiersAreChecked() {
    assertThatThrownBy(() -> WorkloadId.of(0)).hasMessageContaining("id: 0 is not allowed");
    assertThatThrownBy(() -> Tenant.of("Team A"))
        .hasMessageContaining("tenant: 'Team A' is not allowed: must be a slug");
    assertThatThrownBy(() -> QueueName.of("a/")).hasMessageContaining("queue: 'a/'");
    assertThatThrownBy(() -> QueueName.of("/a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QueueName.of("a/b/c/d/e/f/g/h/i"))
        .hasMessageContaining("1 to 8 slugs");
    assertThat(WorkloadId.of(1)).isLessThan(WorkloadId.of(2));
  }

  @Test
  void queuesFormAHierarchy() {
    QueueName research = QueueName.of("team-a/research/llm");

    assertThat(research.segments()).containsExactly("team-a", "research", "llm");
    assertThat(research.depth()).isEqualTo(3);
    assertThat(research.parent()).contains(QueueName.of("team-a/research"));
    assertThat(QueueName.of("team-a").parent()).isEmpty();
    assertThat(research.isWithin(QueueName.of("team-a"))).isTrue();
    assertThat(research.isWithin(research)).isTrue();
    assertThat(QueueName.of("team-ab").isWithin(QueueName.of("team-a"))).isFalse();
  }

  @Test
  void priorityClassesAreChecked() {
    assertThatThrownBy(() -> new PriorityClass("high", 1000, false, OptionalLong.of(60)))
        .hasMessageContaining("gracePeriodSeconds is only allowed for a preemptible class");
    assertThatThrownBy(() -> PriorityClass.preemptible("low", 0, -1))
        .hasMessageContaining("gracePeriodSeconds: -1 is not allowed");
    assertThatThrownBy(
            () ->
                new PriorityClasses(
                    List.of(NORMAL, PriorityClass.nonPreemptible("normal", 5)), "normal"))
        .hasMessageContaining("'normal' is defined twice");
    assertThatThrownBy(() -> new PriorityClasses(List.of(NORMAL), "high"))
        .hasMessageContaining("default 'high' is not one of normal");
  }

  @Test
  void deviceAmountsAreWholeDevicesOrAShareOfOne() {
    assertThat(DeviceAmount.share(250).devices()).isEqualTo(0.25);
    assertThat(DeviceAmount.share(1000)).isEqualTo(DeviceAmount.whole(1));
    assertThat(DeviceAmount.whole(8).wholeDevices()).isEqualTo(8);
    assertThat(DeviceAmount.whole(8).isFractional()).isFalse();
    assertThatThrownBy(() -> new DeviceAmount(1500))
        .hasMessageContaining("1500 milli-devices is not allowed");
    assertThatThrownBy(() -> new DeviceAmount(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeviceAmount.share(1001)).hasMessageContaining("1 to 1000");
    assertThatThrownBy(() -> DeviceAmount.whole(0)).hasMessageContaining("devices: 0");
  }

  @Test
  void acceleratorChoicesAreChecked() {
    assertThatThrownBy(() -> AcceleratorChoice.of("h100-sxm", 0))
        .hasMessageContaining("greater than 0");
    assertThatThrownBy(() -> AcceleratorChoice.of("h100-sxm", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TrainingJob.rigid(META, 8, List.of()))
        .hasMessageContaining("accelerators: an empty list is not allowed");
    assertThatThrownBy(
            () ->
                TrainingJob.rigid(
                    META,
                    8,
                    List.of(AcceleratorChoice.of("h100-sxm"), AcceleratorChoice.of("h100-sxm"))))
        .hasMessageContaining("'h100-sxm' is listed twice");
  }

  @Test
  void trainingJobsRejectImpossibleShapes() {
    assertThatThrownBy(
            () -> training(0, OptionalInt.empty(), new ElasticRange(1, 1), OptionalInt.empty()))
        .hasMessageContaining("devices: 0 is not allowed");
    assertThatThrownBy(
            () -> training(16, OptionalInt.empty(), new ElasticRange(8, 32), OptionalInt.empty()))
        .hasMessageContaining("elastic.max: 32 is not allowed: must be at most devices (16)");
    assertThatThrownBy(() -> new ElasticRange(9, 8)).hasMessageContaining("1 <= min <= max");
    assertThatThrownBy(
            () -> training(20, OptionalInt.of(8), ElasticRange.rigid(20), OptionalInt.empty()))
        .hasMessageContaining("devicesPerNode: 8 is not allowed: it must divide devices (20)");
    assertThatThrownBy(
            () -> training(24, OptionalInt.of(8), ElasticRange.rigid(24), OptionalInt.of(6)))
        .hasMessageContaining("tensorParallel: 6 is not allowed with devicesPerNode 8");
    assertThatThrownBy(
            () -> training(16, OptionalInt.empty(), ElasticRange.rigid(16), OptionalInt.of(32)))
        .hasMessageContaining("tensorParallel: 32 is not allowed: must be from 1 to 16");
    assertThatThrownBy(
            () ->
                new TrainingJob(
                    META,
                    16,
                    OptionalInt.of(8),
                    H100_OR_910B,
                    Optional.of(TopologyConstraint.required(Tier.NODE)),
                    ElasticRange.rigid(16),
                    OptionalLong.empty(),
                    OptionalLong.empty(),
                    OptionalInt.empty()))
        .hasMessageContaining("topology: node (required) is not allowed for 16 devices");
    assertThat(
            training(16, OptionalInt.of(8), ElasticRange.rigid(16), OptionalInt.of(16)).devices())
        .as("a TP group may span two nodes of one scale-up domain")
        .isEqualTo(16);
  }

  @Test
  void otherWorkloadsRejectImpossibleValues() {
    List<AcceleratorChoice> l20 = List.of(AcceleratorChoice.of("l20"));
    assertThatThrownBy(() -> new InferenceService(META, 0, DeviceAmount.whole(1), Tier.NODE, l20))
        .hasMessageContaining("replicas: 0 is not allowed");
    assertThatThrownBy(() -> new InferenceService(META, 1, DeviceAmount.whole(1), Tier.LEAF, l20))
        .hasMessageContaining("placement: 'leaf' is not allowed");
    assertThatThrownBy(() -> new DeviceTask(META, DeviceAmount.whole(2), l20, OptionalLong.empty()))
        .hasMessageContaining("a task uses one device or a share of one");
    assertThatThrownBy(() -> new CpuTask(META, 0, 1024, OptionalLong.empty()))
        .hasMessageContaining("cpuMilli: 0 is not allowed");
    assertThatThrownBy(() -> new CpuTask(META, 1000, 1024, OptionalLong.of(0)))
        .hasMessageContaining("estimatedSeconds: 0 is not allowed");
    assertThatThrownBy(
            () ->
                new WorkloadMeta(
                    WorkloadId.of(1), "j", Tenant.of("t"), QueueName.of("q"), NORMAL, -1))
        .hasMessageContaining("submitSeconds: -1 is not allowed");
  }

  @Test
  void aTrainingJobRequestsItsElasticRangeOnEachType() {
    TrainingJob job =
        training(512, OptionalInt.of(8), new ElasticRange(256, 512), OptionalInt.of(8));

    ResourceRequest request = job.request();

    assertThat(request.alternatives())
        .containsExactly(
            new DeviceAlternative("h100-sxm", 256_000, 512_000, OptionalDouble.empty()),
            new DeviceAlternative("ascend-910b2", 256_000, 512_000, OptionalDouble.of(0.6)));
    assertThat(request.needsDevices()).isTrue();
    assertThat(request.acceleratorIds()).containsExactly("h100-sxm", "ascend-910b2");
    assertThat(request.forType("ascend-910b2").orElseThrow().maxDevices()).isEqualTo(512.0);
    assertThat(request.forType("ascend-910b2").orElseThrow().minDevices()).isEqualTo(256.0);
    assertThat(request.forType("h20")).isEmpty();
    assertThat(request.cpuMilli()).isZero();
  }

  @Test
  void otherWorkloadsSummarizeTheirRequests() {
    List<AcceleratorChoice> l20 = List.of(AcceleratorChoice.of("l20"));
    InferenceService quarters =
        new InferenceService(META, 6, DeviceAmount.share(250), Tier.NODE, l20);
    InferenceService pairs =
        new InferenceService(META, 3, DeviceAmount.whole(2), Tier.SCALE_UP_DOMAIN, l20);
    DeviceTask half = new DeviceTask(META, DeviceAmount.share(500), l20, OptionalLong.empty());
    CpuTask cpu = new CpuTask(META, 1500, 4096, OptionalLong.of(60));

    assertThat(quarters.request().alternatives())
        .containsExactly(new DeviceAlternative("l20", 1500, 1500, OptionalDouble.empty()));
    assertThat(quarters.request().forType("l20").orElseThrow().maxDevices()).isEqualTo(1.5);
    assertThat(pairs.request().alternatives().get(0).maxMilliDevices()).isEqualTo(6000);
    assertThat(half.request().alternatives().get(0).minMilliDevices()).isEqualTo(500);
    assertThat(cpu.request()).isEqualTo(new ResourceRequest(List.of(), 1500, 4096));
    assertThat(cpu.request().needsDevices()).isFalse();
    assertThatThrownBy(() -> new ResourceRequest(List.of(), 0, 0))
        .hasMessageContaining("asks for nothing");
  }

  @Test
  void everyWorkloadExposesItsMeta() {
    Workload workload = new CpuTask(META, 1000, 1, OptionalLong.empty());

    assertThat(workload.id()).isEqualTo(WorkloadId.of(7));
    assertThat(workload.name()).isEqualTo("job");
    assertThat(workload.tenant()).isEqualTo(Tenant.of("team-a"));
    assertThat(workload.queue()).isEqualTo(QueueName.of("team-a/dev"));
    assertThat(workload.priorityClass()).isEqualTo(NORMAL);
    assertThat(workload.submitSeconds()).isZero();
    assertThat(workload.kind()).isEqualTo(WorkloadKind.CPU);
  }

  @Test
  void topologyScopesNestNarrowestFirst() {
    assertThat(Tier.NODE).isLessThan(Tier.SPINE);
    assertThat(Tier.SCALE_UP_DOMAIN).isLessThan(Tier.LEAF);
  }
}
