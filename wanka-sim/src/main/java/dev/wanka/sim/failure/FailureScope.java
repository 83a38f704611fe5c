package dev.wanka.sim.failure;

/**
 * What one failure takes out: the component that failed decides it. A GPU part (the GPU, its HBM or
 * SRAM, its system processor, thermal interface, silent data corruption) takes one device; a host
 * part, a NIC, a software or driver fault or unplanned maintenance takes its node; a switch or
 * cable takes every node under its leaf switch.
 */
public enum FailureScope {
  /** One accelerator; the rest of its node works on. */
  DEVICE,
  /** One node with all its devices. */
  NODE,
  /** Every node under one leaf switch (one leaf group of the cluster). */
  LEAF;

  /** The scope of a Llama 3 interruption category. */
  public static FailureScope ofCategory(String category) {
    switch (category) {
      case "GPU":
        return DEVICE;
      case "Network":
        return LEAF;
      default:
        return NODE;
    }
  }
}
