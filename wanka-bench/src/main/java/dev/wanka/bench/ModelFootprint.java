package dev.wanka.bench;

import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Prints how much heap the 100,000-device model ({@code h100-100k.yaml}) retains. Target: under 100
 * MB.
 *
 * <p>Two measures: the retained size of the object graph reachable from the {@link Cluster}, by
 * JOL's {@link GraphLayout} (exact for this JVM's object layout; it includes the spec and the
 * catalog entries the model points to, which the catalog shares), with a histogram by class; and,
 * as a cross-check, the growth of used heap across building it, each side after {@code System.gc()}
 * (approximate). Run from the repository root:
 *
 * <pre>
 * ./mvnw -B -pl wanka-bench -am package -DskipTests
 * java -Xmx100m -Djdk.attach.allowAttachSelf=true -cp wanka-bench/target/benchmarks.jar dev.wanka.bench.ModelFootprint
 * </pre>
 *
 * <p>{@code -Xmx100m} makes the run itself show the model fits in 100 MB of heap. {@code
 * -Djdk.attach.allowAttachSelf=true} lets JOL attach its agent to this JVM; without it JOL 0.17 on
 * JDK 17 falls back to {@code Unsafe}, which cannot read the field offsets of records, and only the
 * heap-growth figure is printed.
 */
public final class ModelFootprint {
  /** MB as 10^6 bytes (-Xmx100m is 100 MiB = 104.9 MB). */
  private static final double MB = 1_000_000.0;

  private ModelFootprint() {}

  public static void main(String[] args) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ClusterSpec spec = BenchClusters.h100100kSpec();

    long before = usedAfterGc(memory);
    Cluster cluster = Cluster.build(spec);
    long after = usedAfterGc(memory);
    BenchClusters.checked(cluster);

    System.out.printf(
        Locale.ROOT,
        "cluster %s: %,d devices, %,d nodes, %,d leaf groups, %,d spine groups%n",
        cluster.name(),
        cluster.deviceCount(),
        cluster.nodeCount(),
        cluster.leafGroupCount(),
        cluster.spineGroupCount());
    try {
      GraphLayout layout = GraphLayout.parseInstance(cluster);
      long retained = layout.totalSize();
      long intArrays = layout.getClassSizes().count(int[].class);
      long withoutSpec = layout.subtract(GraphLayout.parseInstance(spec)).totalSize();
      System.out.println(layout.toFootprint());
      System.out.printf(
          Locale.ROOT,
          "retained size (JOL GraphLayout.totalSize): %,d bytes = %.2f MB (%.2f bytes per device),"
              + " %,d objects%n",
          retained,
          retained / MB,
          (double) retained / cluster.deviceCount(),
          layout.totalCount());
      System.out.printf(
          Locale.ROOT,
          "  of which int[] arrays: %,d bytes; without the ClusterSpec graph: %,d bytes%n",
          intArrays,
          withoutSpec);
    } catch (RuntimeException e) {
      System.out.println(
          "JOL could not walk the model ("
              + e
              + "); run with -Djdk.attach.allowAttachSelf=true. Heap growth only:");
    }
    System.out.printf(
        Locale.ROOT,
        "heap used growth across Cluster.build, after System.gc(): %,d bytes = %.2f MB%n",
        after - before,
        (after - before) / MB);
    System.out.printf(
        Locale.ROOT, "max heap of this JVM: %.1f MB%n", memory.getHeapMemoryUsage().getMax() / MB);
    Reference.reachabilityFence(cluster);
    Reference.reachabilityFence(spec);
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
