package dev.wanka.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The cluster spec reader on small inline specs; malformed files are covered by the CLI tests. */
class ClusterSpecReaderTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "clusters");

  /** Only the required fields: every optional one takes its default. */
  private static final String MINIMAL =
      String.join(
          "\n",
          "name: minimal",
          "fabric:",
          "  tiers: 2",
          "  layout: fat-tree",
          "  nodesPerLeaf: 4",
          "pools:",
          "  - name: h100",
          "    accelerator: h100-sxm",
          "    nodes: 10",
          "    devicesPerNode: 8",
          "");

  private static ClusterSpec read(String yaml) {
    return ClusterSpecReader.read("test.yaml", yaml, ClusterSpecs.CATALOG);
  }

  private static List<SpecProblem> problems(String yaml) {
    SpecException e = catchThrowableOfType(SpecException.class, () -> read(yaml));
    assertThat(e).as("the reader rejects the spec").isNotNull();
    return e.problems();
  }

  private static String pool(String... lines) {
    return MINIMAL.replace(
        "    devicesPerNode: 8\n",
        "    devicesPerNode: 8\n"
            + Stream.of(lines).map(l -> "    " + l + "\n").collect(Collectors.joining()));
  }

  @Test
  void appliesTheDefaultsWhenOptionalFieldsAreAbsent() {
    ClusterSpec spec = read(MINIMAL);

    assertThat(spec.name()).isEqualTo("minimal");
    assertThat(spec.description()).isEmpty();
    assertThat(spec.prices()).isEmpty();
    assertThat(spec.pue()).isEmpty();
    assertThat(spec.fabric()).isEqualTo(new FabricSpec(2, FabricLayout.FAT_TREE, 4, 0, 1.0, 1.0));
    assertThat(spec.pools()).hasSize(1);
    PoolSpec pool = spec.pools().get(0);
    assertThat(pool.name()).isEqualTo("h100");
    assertThat(pool.accelerator().id()).isEqualTo("h100-sxm");
    assertThat(pool.nodes()).isEqualTo(10);
    assertThat(pool.devicesPerNode()).isEqualTo(8);
    assertThat(pool.domainNodes()).as("the node is the domain").isEqualTo(1);
    assertThat(pool.nicsPerNode()).as("one NIC per device").isEqualTo(8);
    assertThat(pool.nicGbps()).as("the catalog's scaleOutGbps for h100-sxm").isEqualTo(400.0);
    assertThat(pool.nodesPerLeaf()).as("the fabric's nodesPerLeaf").isEqualTo(4);
    assertThat(pool.capexPerNode()).isEmpty();
    assertThat(pool.nodeOverheadWatts()).isZero();
    assertThat(spec.devices()).isEqualTo(80);
  }

  @Test
  void poolFieldsOverrideTheDefaults() {
    PoolSpec pool =
        read(pool("nicsPerNode: 4", "nicGbps: 200", "nodesPerLeaf: 2", "nodeOverheadWatts: 4600"))
            .pools()
            .get(0);

    assertThat(pool.nicsPerNode()).isEqualTo(4);
    assertThat(pool.nicGbps()).isEqualTo(200.0);
    assertThat(pool.nodesPerLeaf()).isEqualTo(2);
    assertThat(pool.nodeOverheadWatts()).isEqualTo(4600.0);
  }

  @Test
  void hostCpuAndMemoryAreReadTogetherOrNotAtAll() {
    PoolSpec pool = read(pool("cpusPerNode: 192", "memoryGiBPerNode: 2048")).pools().get(0);
    assertThat(pool.cpusPerNode()).isEqualTo(192);
    assertThat(pool.memoryGiBPerNode()).isEqualTo(2048);
    assertThat(pool.describesHost()).isTrue();
    assertThat(read(MINIMAL).pools().get(0).describesHost()).isFalse();

    List<SpecProblem> problems = problems(pool("cpusPerNode: 192"));
    assertThat(problems)
        .extracting(SpecProblem::field)
        .containsExactly("pools[0].memoryGiBPerNode");
    assertThat(problems.get(0).message()).contains("give both cpusPerNode and memoryGiBPerNode");
    assertThat(problems(pool("cpusPerNode: 5000")).get(0).message()).contains("4096");
  }

  @Test
  void fewerNicsThanDevicesNeedAnExplicitNicBandwidth() {
    List<SpecProblem> problems = problems(pool("nicsPerNode: 4"));

    assertThat(problems).extracting(SpecProblem::field).containsExactly("pools[0].nicsPerNode");
    assertThat(problems.get(0).at().line()).isEqualTo(11);
    assertThat(problems.get(0).message()).contains("needs nicGbps");
  }

  @Test
  void readsAThreeTierFabric() {
    String yaml =
        MINIMAL.replace(
            "  tiers: 2\n  layout: fat-tree\n  nodesPerLeaf: 4\n",
            "  tiers: 3\n  layout: rail-optimized\n  nodesPerLeaf: 4\n  leavesPerSpine: 8\n"
                + "  oversubscription:\n    leaf: 1.5\n    spine: 2\n");

    assertThat(read(yaml).fabric())
        .isEqualTo(new FabricSpec(3, FabricLayout.RAIL_OPTIMIZED, 4, 8, 1.5, 2.0));
  }

  @Test
  void readsPricesAndPue() {
    String yaml =
        pool("capexPerNode: 2500000") + "prices:\n  currency: CNY\n  powerPerKwh: 0.6\npue: 1.25\n";

    ClusterSpec spec = read(yaml);

    assertThat(spec.prices()).isPresent();
    assertThat(spec.prices().get().currency()).isEqualTo("CNY");
    assertThat(spec.prices().get().powerPerKwh()).hasValue(0.6);
    assertThat(spec.pue()).hasValue(1.25);
    assertThat(spec.pools().get(0).capexPerNode()).hasValue(2_500_000.0);
  }

  @Test
  void powerPriceIsOptionalInPrices() {
    ClusterSpec spec = read(MINIMAL + "prices:\n  currency: USD\n");

    assertThat(spec.prices().get().currency()).isEqualTo("USD");
    assertThat(spec.prices().get().powerPerKwh()).isEmpty();
  }

  @Test
  void resolvesAcceleratorAliasesAndIdsInAnyCase() {
    assertThat(acceleratorOf("h100")).as("alias").isEqualTo("h100-sxm");
    assertThat(acceleratorOf("H100-SXM")).as("id in upper case").isEqualTo("h100-sxm");
    assertThat(acceleratorOf("H100")).as("alias in upper case").isEqualTo("h100-sxm");
    assertThat(acceleratorOf("Ascend-910B")).as("alias in mixed case").isEqualTo("ascend-910b2");
    assertThat(acceleratorOf("a100")).as("alias").isEqualTo("a100-sxm-80gb");
  }

  private static String acceleratorOf(String written) {
    return read(MINIMAL.replace("accelerator: h100-sxm", "accelerator: " + written))
        .pools()
        .get(0)
        .accelerator()
        .id();
  }

  @Test
  void fabricLayoutKeywordsIgnoreCase() {
    assertThat(read(MINIMAL.replace("fat-tree", "Rail-Optimized")).fabric().layout())
        .isEqualTo(FabricLayout.RAIL_OPTIMIZED);
  }

  @Test
  void reportsEveryProblemInOneRun() {
    String yaml =
        String.join(
            "\n",
            "name: Bad_Name", // 1
            "fabric:", // 2
            "  tiers: 4", // 3
            "  layout: fat-tree", // 4
            "  nodesPerLeaf: 4", // 5
            "pools:", // 6
            "  - name: a", // 7
            "    accelerator: h100-sxn", // 8
            "    nodes: -1", // 9
            "    devicesPerNode: 8", // 10
            "  - name: b", // 11
            "    accelerator: a100", // 12
            "    nodes: 4", // 13
            "    devicesPerNode: 8", // 14
            "    colour: green", // 15
            "pue: 0.5", // 16
            "");

    List<SpecProblem> problems = problems(yaml);

    assertThat(problems)
        .extracting(SpecProblem::field)
        .containsExactlyInAnyOrder(
            "name",
            "fabric.tiers",
            "pue",
            "pools[0].accelerator",
            "pools[0].nodes",
            "pools[1].colour");
    assertThat(problems)
        .extracting(p -> p.field() + "@" + p.at().line())
        .containsExactlyInAnyOrder(
            "name@1",
            "fabric.tiers@3",
            "pue@16",
            "pools[0].accelerator@8",
            "pools[0].nodes@9",
            "pools[1].colour@15");
    assertThat(problems).allSatisfy(p -> assertThat(p.at().source()).isEqualTo("test.yaml"));
    assertThat(problemNamed(problems, "pools[0].accelerator").message())
        .contains("'h100-sxn'")
        .contains("did you mean 'h100-sxm'?");
    assertThat(problemNamed(problems, "pools[1].colour").message())
        .startsWith("unknown field; allowed here: name, accelerator");
  }

  @Test
  void theExceptionMessageListsEveryProblemInCompilerForm() {
    SpecException e =
        catchThrowableOfType(
            SpecException.class,
            () -> read(MINIMAL.replace("tiers: 2", "tiers: 1").replace("nodes: 10", "nodes: 0")));

    assertThat(e.getMessage().split("\n"))
        .containsExactly(
            "test.yaml:3:10: fabric.tiers: '1' is not allowed: must be a whole number from 2 to 3",
            "test.yaml:9:12: pools[0].nodes: '0' is not allowed:"
                + " must be a whole number from 1 to 1000000");
  }

  @Test
  void reportsAProblemInEveryPool() {
    String yaml =
        MINIMAL
            + "  - name: b\n    accelerator: a100\n    nodes: 0\n    devicesPerNode: 8\n"
            + "  - name: c\n    accelerator: h20\n    nodes: 4\n    devicesPerNode: 999\n";

    assertThat(problems(yaml))
        .extracting(SpecProblem::field)
        .containsExactly("pools[1].nodes", "pools[2].devicesPerNode");
  }

  @Test
  void aSyntaxErrorIsOneProblemNamingTheLine() {
    List<SpecProblem> problems =
        problems(MINIMAL.replace("  nodesPerLeaf: 4", "   nodesPerLeaf: 4"));

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).at().line()).isEqualTo(5);
    assertThat(problems.get(0).message()).startsWith("not valid YAML");
  }

  @Test
  void rejectsMoreDevicesThanTheModelHolds() {
    assertThat(read(MINIMAL.replace("nodes: 10", "nodes: 500000")).devices())
        .isEqualTo(ClusterSpecReader.MAX_DEVICES);
    assertThatThrownBy(() -> read(MINIMAL.replace("nodes: 10", "nodes: 500001")))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("4,000,008 devices, more than the 4,000,000");
  }

  @Test
  void everyExampleClusterParses() throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      examples =
          files.filter(f -> f.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(6);

    for (Path example : examples) {
      String yaml = Files.readString(example, StandardCharsets.UTF_8);
      ClusterSpec spec = ClusterSpecReader.read(example.toString(), yaml, ClusterSpecs.CATALOG);

      String file = example.getFileName().toString();
      assertThat(spec.name()).as(file).isNotBlank();
      assertThat(spec.pools()).as(file).isNotEmpty();
      assertThat(spec.devices()).as(file).isPositive();
      assertThat((long) Cluster.build(spec).deviceCount()).as(file).isEqualTo(spec.devices());
    }
  }

  @Test
  void readsTheTenThousandCardExample() throws IOException {
    String yaml = Files.readString(EXAMPLES.resolve("h100-10k.yaml"), StandardCharsets.UTF_8);

    ClusterSpec spec = ClusterSpecReader.read("h100-10k.yaml", yaml, ClusterSpecs.CATALOG);

    assertThat(spec.name()).isEqualTo("h100-10k");
    assertThat(spec.description()).hasValue("10,240 x H100 SXM, rail-optimized 2-tier 400G fabric");
    assertThat(spec.fabric())
        .isEqualTo(new FabricSpec(2, FabricLayout.RAIL_OPTIMIZED, 32, 0, 1.0, 1.0));
    assertThat(spec.devices()).isEqualTo(10_240);
    PoolSpec pool = spec.pools().get(0);
    assertThat(pool.capexPerNode()).hasValue(2_500_000.0);
    assertThat(pool.nodeOverheadWatts()).isEqualTo(4600.0);
    assertThat(spec.prices().get().currency()).isEqualTo("CNY");
    assertThat(spec.prices().get().powerPerKwh()).hasValue(0.6);
    assertThat(spec.pue()).hasValue(1.25);
  }

  private static SpecProblem problemNamed(List<SpecProblem> problems, String field) {
    return problems.stream().filter(p -> p.field().equals(field)).findFirst().orElseThrow();
  }
}
