package dev.wanka.api;

/**
 * One accelerator as discovered on a node.
 *
 * @param index the vendor's device index, as its visibility variable counts
 * @param uuid the vendor's stable id (e.g. {@code GPU-...}), or a generated one for simulated
 *     devices
 * @param model the product name the vendor's tool printed
 * @param memoryBytes device memory
 */
public record DeviceInfo(int index, String uuid, String model, long memoryBytes) {}
