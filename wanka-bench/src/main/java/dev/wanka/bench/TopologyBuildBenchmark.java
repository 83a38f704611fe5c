package dev.wanka.bench;

import dev.wanka.catalog.Catalog;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpec;
import dev.wanka.topology.ClusterSpecReader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to build the device-level model of the 100,000-device cluster ({@code h100-100k.yaml}:
 * 12,500 nodes x 8 H100, 3-tier rail-optimized fabric). Target: under 1 s.
 *
 * <ul>
 *   <li>{@link #build} — {@code Cluster.build(spec)} from a spec parsed once in setup.
 *   <li>{@link #parseAndBuild} — {@code ClusterSpecReader.read(source, yaml, Catalog.bundled())}
 *       from the YAML text, then {@code Cluster.build}: what {@code wanka cluster show} does after
 *       reading the file. The bundled catalog is loaded once per JVM (it is memoized), in setup.
 * </ul>
 *
 * <p>Setup builds no model, and {@code parseAndBuild}'s setup parses no cluster spec (loading the
 * catalog does run the same YAML reader), so in single-shot mode the one measured call is the first
 * {@code Cluster.build} (and first {@code ClusterSpecReader.read}) in its JVM.
 *
 * <p>The fork runs with {@code -Xmx100m}: the benchmark completing shows the model, and the garbage
 * of building it again and again, fits in a 100 MB heap. Run from the repository root:
 *
 * <pre>
 * ./mvnw -B -pl wanka-bench -am package -DskipTests
 * java -jar wanka-bench/target/benchmarks.jar TopologyBuildBenchmark -f 1 -wi 3 -i 5 -prof gc
 * </pre>
 *
 * <p>Without options it uses the settings annotated here (1 fork, 3 warmup and 5 measurement
 * iterations of 2 s). For the first, cold build in a fresh JVM, as the CLI sees it: {@code java
 * -jar wanka-bench/target/benchmarks.jar TopologyBuildBenchmark -bm ss -tu ms -f 10 -wi 0 -i 1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx100m")
public class TopologyBuildBenchmark {

  /** The parsed spec, for {@link #build}. */
  @State(Scope.Benchmark)
  public static class Parsed {
    ClusterSpec spec;

    @Setup
    public void setUp() {
      spec = BenchClusters.checked(BenchClusters.h100100kSpec());
    }
  }

  /** The YAML text and the bundled catalog, for {@link #parseAndBuild}. */
  @State(Scope.Benchmark)
  public static class Text {
    String yaml;
    Catalog catalog;

    @Setup
    public void setUp() {
      yaml = BenchClusters.h100100kYaml();
      catalog = Catalog.bundled();
    }
  }

  @Benchmark
  public Cluster build(Parsed parsed) {
    return Cluster.build(parsed.spec);
  }

  @Benchmark
  public Cluster parseAndBuild(Text text) {
    return Cluster.build(ClusterSpecReader.read(BenchClusters.H100_100K, text.yaml, text.catalog));
  }
}
