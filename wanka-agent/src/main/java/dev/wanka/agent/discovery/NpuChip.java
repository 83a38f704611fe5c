package dev.wanka.agent.discovery;

import dev.wanka.api.Health;

/**
 * One Ascend chip as a pair of rows of the {@code npu-smi info} table reads.
 *
 * @param index the chip's position in the table, counting from 0: the logical device id that
 *     ASCEND_RT_VISIBLE_DEVICES counts (equal to the NPU id on a host that sees all its NPUs)
 * @param npuId the NPU id npu-smi prints (its {@code -i} argument)
 * @param chipId the chip within the NPU (two on Atlas A3 parts)
 * @param name the product name as printed ({@code 910B3}, {@code Ascend910})
 * @param busId the PCI bus id as printed (some publications mask it)
 * @param powerWatts {@link Readings#UNKNOWN} when printed as {@code -}
 * @param utilization AI Core use, 0 to 1
 * @param memoryBytes the HBM capacity (the DDR capacity on parts without HBM)
 */
public record NpuChip(
    int index,
    int npuId,
    int chipId,
    String name,
    String busId,
    Health health,
    double powerWatts,
    double temperatureCelsius,
    double utilization,
    long memoryBytes) {

  /** This chip as a device reading. */
  public DeviceReading reading() {
    return new DeviceReading(
        index, uuid(), name, memoryBytes, health, temperatureCelsius, powerWatts, utilization);
  }

  /** npu-smi prints no serial; this names the chip by NPU, chip and bus id. */
  public String uuid() {
    return "NPU-" + npuId + "-" + chipId + "-" + busId;
  }
}
