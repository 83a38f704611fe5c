package dev.wanka.agent.discovery;

import dev.wanka.agent.DeviceSpec;
import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Finds a node's devices for a {@code --devices} value: simulated ones, or real ones through {@code
 * nvidia-smi}, else {@code npu-smi}. The product name the tool prints is mapped to a catalog entry
 * ({@link ProductNames}) unless {@code --accelerator} names one.
 */
public final class Discovery {
  static final List<String> NVIDIA_SMI =
      List.of(
          "nvidia-smi",
          "--query-gpu=" + String.join(",", NvidiaSmiCsv.FIELDS),
          "--format=csv,nounits");
  static final List<String> NPU_SMI = List.of("npu-smi", "info");

  private final Catalog catalog;
  private final ToolRunner tools;
  private final Clock clock;

  public Discovery(Catalog catalog, ToolRunner tools, Clock clock) {
    this.catalog = catalog;
    this.tools = tools;
    this.clock = clock;
  }

  /**
   * The devices of this node.
   *
   * @throws IllegalStateException with a message for the operator when none can be found or their
   *     type is not in the catalog
   */
  public DeviceBackend open(DeviceSpec spec, Optional<String> accelerator, String node) {
    if (spec instanceof DeviceSpec.Simulated sim) {
      return new SimulatedDevices(entry(sim.acceleratorId(), "--devices"), sim.count(), node);
    }
    Optional<Accelerator> override = accelerator.map(id -> entry(id, "--accelerator"));
    ToolBackend.ToolQuery nvidia =
        new ToolBackend.ToolQuery("nvidia-smi", NVIDIA_SMI, NvidiaSmiCsv::parse, tools);
    Optional<List<DeviceReading>> gpus = nvidia.readIfInstalled();
    if (gpus.isPresent()) {
      return backend(nvidia, gpus.get(), override, (name, memory) -> ProductNames.nvidia(name));
    }
    ToolBackend.ToolQuery ascend =
        new ToolBackend.ToolQuery(
            "npu-smi",
            NPU_SMI,
            text -> NpuSmiTable.parse(text).stream().map(NpuChip::reading).toList(),
            tools);
    Optional<List<DeviceReading>> npus = ascend.readIfInstalled();
    if (npus.isPresent()) {
      return backend(ascend, npus.get(), override, ProductNames::ascend);
    }
    throw new IllegalStateException(
        "no accelerators found: neither nvidia-smi nor npu-smi is installed on this host;"
            + " to run without devices, simulate some with --devices sim:8xH100");
  }

  private ToolBackend backend(
      ToolBackend.ToolQuery query,
      List<DeviceReading> found,
      Optional<Accelerator> override,
      BiFunction<String, Long, Optional<String>> productToId) {
    if (found.isEmpty()) {
      throw new IllegalStateException(
          query.tool()
              + " lists no devices on this host; to run without devices, simulate some with"
              + " --devices sim:8xH100");
    }
    Accelerator accelerator = override.orElseGet(() -> mapped(query.tool(), found, productToId));
    return new ToolBackend(accelerator, found, query, clock);
  }

  private Accelerator mapped(
      String tool,
      List<DeviceReading> found,
      BiFunction<String, Long, Optional<String>> productToId) {
    Set<String> ids = new LinkedHashSet<>();
    for (DeviceReading device : found) {
      Optional<String> id = productToId.apply(device.name(), device.memoryBytes());
      if (id.isEmpty()) {
        throw new IllegalStateException(
            tool
                + " reports device "
                + device.index()
                + " as '"
                + device.name()
                + "', which Wanka does not map to an accelerator catalog entry;"
                + " name the entry with --accelerator ID ('wanka catalog' lists the ids)");
      }
      ids.add(id.get());
    }
    if (ids.size() > 1) {
      throw new IllegalStateException(
          tool
              + " reports devices of several types "
              + ids
              + "; an agent serves one type per node");
    }
    return entry(ids.iterator().next(), "the product name");
  }

  private Accelerator entry(String id, String flag) {
    return catalog
        .find(id)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Invalid value for " + flag + ": " + catalog.notFoundMessage(id)));
  }
}
