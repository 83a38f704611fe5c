package dev.wanka.topology;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import dev.wanka.catalog.Figure;
import dev.wanka.spec.MapReader;
import dev.wanka.spec.Paths;
import dev.wanka.spec.Problems;
import dev.wanka.spec.Values;
import dev.wanka.spec.YamlNode;
import dev.wanka.spec.YamlTreeReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Reads a cluster spec (see examples/clusters and docs/cluster-spec.md) and checks it whole: every
 * problem is reported with file, line, field, the bad value and what is allowed.
 */
public final class ClusterSpecReader {
  /** The largest cluster a spec may describe; the device model holds a few ints per device. */
  public static final long MAX_DEVICES = 4_000_000;

  /** The most CPU cores a node may declare (the largest servers have a few hundred). */
  public static final int MAX_CPUS_PER_NODE = 4096;

  /** The most host memory a node may declare, GiB (64 TiB). */
  public static final int MAX_MEMORY_GIB_PER_NODE = 65536;

  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  private final Catalog catalog;
  private final Problems problems = new Problems();

  private ClusterSpecReader(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Parses and validates; throws {@link dev.wanka.spec.SpecException} listing every problem. */
  public static ClusterSpec read(String source, String yaml, Catalog catalog) {
    return new ClusterSpecReader(catalog).read(YamlTreeReader.read(source, yaml));
  }

  private ClusterSpec read(YamlNode root) {
    MapReader top =
        MapReader.of(root, "", problems, "name", "description", "fabric", "pools", "prices", "pue");
    String name = top.slug("name");
    Optional<String> description = top.optionalString("description");
    FabricSpec fabric = fabric(top);
    Optional<Prices> prices =
        top.optionalMap("prices", "currency", "powerPerKwh").map(this::prices);
    OptionalDouble pue = top.optionalNumber("pue", 1.0, 3.0);

    List<PoolSpec> pools = new ArrayList<>();
    List<YamlNode> poolNodes = top.list("pools", true);
    Map<String, Integer> poolIndexByName = new HashMap<>();
    for (int i = 0; i < poolNodes.size(); i++) {
      String path = Paths.item("pools", i);
      MapReader poolReader =
          MapReader.of(
              poolNodes.get(i),
              path,
              problems,
              "name",
              "accelerator",
              "nodes",
              "devicesPerNode",
              "domainNodes",
              "nicsPerNode",
              "nicGbps",
              "nodesPerLeaf",
              "capexPerNode",
              "nodeOverheadWatts",
              "cpusPerNode",
              "memoryGiBPerNode");
      Optional<PoolSpec> pool = pool(poolReader, fabric, prices.isPresent());
      if (pool.isPresent()) {
        Integer previous = poolIndexByName.putIfAbsent(pool.get().name(), i);
        if (previous != null) {
          poolReader.problem(
              "name",
              "'"
                  + pool.get().name()
                  + "' is not allowed: pools["
                  + previous
                  + "] already has this name; pool names must be unique");
        }
        pools.add(pool.get());
      }
    }
    problems.throwIfAny();

    long devices = pools.stream().mapToLong(PoolSpec::devices).sum();
    if (devices > MAX_DEVICES) {
      top.problem(
          "pools",
          "the pools hold "
              + String.format(Locale.ROOT, "%,d", devices)
              + " devices, more than the "
              + String.format(Locale.ROOT, "%,d", MAX_DEVICES)
              + " a cluster spec may describe; split it into several clusters");
    }
    problems.throwIfAny();
    return new ClusterSpec(name, description, fabric, pools, prices, pue);
  }

  private FabricSpec fabric(MapReader top) {
    MapReader fabric =
        top.map("fabric", "tiers", "layout", "nodesPerLeaf", "leavesPerSpine", "oversubscription");
    int tiers = (int) fabric.integer("tiers", 2, 3);
    FabricLayout layout =
        fabric.keyword("layout", FabricLayout.class).orElse(FabricLayout.FAT_TREE);
    int nodesPerLeaf = (int) fabric.integer("nodesPerLeaf", 1, 100_000);
    int leavesPerSpine = 0;
    if (tiers == 3) {
      leavesPerSpine = (int) fabric.integer("leavesPerSpine", 1, 100_000);
    } else if (tiers == 2 && fabric.has("leavesPerSpine")) {
      fabric.problem(
          "leavesPerSpine",
          "is only allowed with tiers: 3 (a 2-tier fabric has one spine layer over every leaf)");
    }
    double leafOversubscription = 1.0;
    double spineOversubscription = 1.0;
    Optional<MapReader> oversubscription = fabric.optionalMap("oversubscription", "leaf", "spine");
    if (oversubscription.isPresent()) {
      MapReader ratios = oversubscription.get();
      leafOversubscription = ratios.optionalNumber("leaf", 1.0, 64.0).orElse(1.0);
      if (tiers == 3) {
        spineOversubscription = ratios.optionalNumber("spine", 1.0, 64.0).orElse(1.0);
      } else if (tiers == 2 && ratios.has("spine")) {
        ratios.problem(
            "spine", "is only allowed with tiers: 3 (in a 2-tier fabric the spine is the top)");
      }
    }
    return new FabricSpec(
        tiers, layout, nodesPerLeaf, leavesPerSpine, leafOversubscription, spineOversubscription);
  }

  private Prices prices(MapReader prices) {
    String currency = prices.string("currency");
    if (!currency.isEmpty() && !CURRENCY.matcher(currency).matches()) {
      prices.problem(
          "currency",
          "'" + currency + "' is not allowed: must be a 3-letter ISO 4217 code such as USD or CNY");
    }
    return new Prices(currency, prices.optionalNumber("powerPerKwh", 0.0, 100.0));
  }

  private Optional<PoolSpec> pool(MapReader pool, FabricSpec fabric, boolean priced) {
    int before = problems.count();
    String name = pool.slug("name");
    Optional<Accelerator> accelerator = accelerator(pool);
    int nodes = (int) pool.integer("nodes", 1, 1_000_000);
    int devicesPerNode = (int) pool.integer("devicesPerNode", 1, 128);
    int domainNodes = (int) pool.integer("domainNodes", 1, 4096, 1);
    int nicsPerNode = (int) pool.integer("nicsPerNode", 1, 64, devicesPerNode);
    OptionalDouble nicGbps = pool.optionalPositive("nicGbps");
    int nodesPerLeaf = (int) pool.integer("nodesPerLeaf", 1, 100_000, fabric.nodesPerLeaf());
    OptionalDouble capexPerNode = pool.optionalPositive("capexPerNode");
    double nodeOverheadWatts = pool.optionalNumber("nodeOverheadWatts", 0, 1_000_000).orElse(0);
    int cpusPerNode = (int) pool.integer("cpusPerNode", 0, MAX_CPUS_PER_NODE, 0);
    int memoryGiBPerNode = (int) pool.integer("memoryGiBPerNode", 0, MAX_MEMORY_GIB_PER_NODE, 0);
    if (problems.count() > before || accelerator.isEmpty()) {
      return Optional.empty();
    }
    Accelerator type = accelerator.get();
    checkDomain(pool, type, nodes, devicesPerNode, domainNodes, nodesPerLeaf);
    checkRails(pool, fabric.layout(), devicesPerNode, nicsPerNode);
    double nic = nicGbps.orElse(type.scaleOutGbps().asOptional().orElse(0));
    if (nicGbps.isEmpty() && nicsPerNode != devicesPerNode) {
      pool.problem(
          "nicsPerNode",
          nicsPerNode
              + " NICs for "
              + devicesPerNode
              + " devices needs nicGbps: the catalog's scale-out figure is per device, so give"
              + " the bandwidth of one NIC in Gb/s, e.g. nicGbps: 400");
    } else if (nic == 0) {
      pool.problem(
          "nicGbps",
          "missing: the catalog has no scale-out bandwidth for '"
              + type.id()
              + "' ("
              + type.scaleOutGbps().reason()
              + "); give the bandwidth of one NIC in Gb/s, e.g. nicGbps: 200");
    }
    if ((cpusPerNode > 0) != (memoryGiBPerNode > 0)) {
      pool.problem(
          cpusPerNode > 0 ? "memoryGiBPerNode" : "cpusPerNode",
          "missing: give both cpusPerNode and memoryGiBPerNode (or neither) so that CPU-only work"
              + " can be placed");
    }
    if (capexPerNode.isPresent() && !priced) {
      pool.problem(
          "capexPerNode",
          "needs prices.currency at the top of the spec to say what currency it is in");
    }
    if (problems.count() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new PoolSpec(
            name,
            type,
            nodes,
            devicesPerNode,
            domainNodes,
            nicsPerNode,
            nic,
            nodesPerLeaf,
            capexPerNode,
            nodeOverheadWatts,
            cpusPerNode,
            memoryGiBPerNode));
  }

  private void checkDomain(
      MapReader pool,
      Accelerator type,
      int nodes,
      int devicesPerNode,
      int domainNodes,
      int nodesPerLeaf) {
    if (domainNodes == 1) {
      return;
    }
    int domainDevices = domainNodes * devicesPerNode;
    Figure largest = type.scaleUp().domainSize();
    if (largest instanceof Figure.Unsupported) {
      pool.problem(
          "domainNodes",
          "'"
              + domainNodes
              + "' is not allowed: "
              + type.id()
              + " has no scale-up fabric beyond the node ("
              + largest.reason()
              + "); use 1");
    } else if (largest.isKnown() && domainDevices > largest.asOptional().getAsDouble()) {
      long maxNodes = (long) largest.asOptional().getAsDouble() / devicesPerNode;
      pool.problem(
          "domainNodes",
          "'"
              + domainNodes
              + "' is not allowed: "
              + domainNodes
              + " nodes x "
              + devicesPerNode
              + " devices = "
              + domainDevices
              + " exceeds the largest "
              + type.scaleUp().name()
              + " domain of "
              + type.id()
              + " ("
              + Values.format(largest.asOptional().getAsDouble())
              + " chips); use at most "
              + maxNodes);
    } else if (nodes % domainNodes != 0) {
      pool.problem(
          "domainNodes",
          "'"
              + domainNodes
              + "' is not allowed: every scale-up domain must be whole, so it must divide nodes ("
              + nodes
              + ")");
    } else if (nodesPerLeaf % domainNodes != 0) {
      pool.problem(
          "domainNodes",
          "'"
              + domainNodes
              + "' is not allowed: a scale-up domain must sit under one leaf group, so it must"
              + " divide nodesPerLeaf ("
              + nodesPerLeaf
              + ")");
    }
  }

  /** Rail i of a node serves an equal share of its devices, so the counts must divide evenly. */
  private static void checkRails(
      MapReader pool, FabricLayout layout, int devicesPerNode, int nicsPerNode) {
    if (layout == FabricLayout.RAIL_OPTIMIZED
        && devicesPerNode % nicsPerNode != 0
        && nicsPerNode % devicesPerNode != 0) {
      pool.problem(
          "nicsPerNode",
          "'"
              + nicsPerNode
              + "' is not allowed: in a rail-optimized fabric each rail serves an equal share of"
              + " the node's "
              + devicesPerNode
              + " devices, so nicsPerNode must divide devicesPerNode or be a multiple of it");
    }
  }

  private Optional<Accelerator> accelerator(MapReader pool) {
    String id = pool.string("accelerator");
    if (id.isEmpty()) {
      return Optional.empty();
    }
    Optional<Accelerator> found = catalog.find(id);
    if (found.isEmpty()) {
      pool.problem("accelerator", catalog.notFoundMessage(id));
    }
    return found;
  }
}
