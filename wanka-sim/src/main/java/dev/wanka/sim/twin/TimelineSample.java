package dev.wanka.sim.twin;

/**
 * The cluster right after one scheduling cycle of a twin run; it stays so until the next cycle.
 *
 * @param busyDevices devices held by running work, a share counting as its fraction of one
 * @param pendingGangs gangs waiting
 * @param runningGangs gangs running
 * @param upDevices devices that are not DOWN, themselves or through their node or leaf (cordoned
 *     ones count as up: hot spares, and parts whose failure is not detected yet)
 * @param freeDevices devices that new work could take: unused, schedulable and on schedulable nodes
 * @param fragmentedDevices how many of the free devices a gang of the run's typical size could not
 *     use, in expectation over the sizes (docs/simulate.md, Metrics)
 */
public record TimelineSample(
    long seconds,
    double busyDevices,
    int pendingGangs,
    int runningGangs,
    int upDevices,
    int freeDevices,
    double fragmentedDevices) {

  /** Busy devices over devices that are up (0 when none is up). */
  public double allocationRatio() {
    return upDevices == 0 ? 0 : busyDevices / upDevices;
  }

  /** Fragmented devices over free devices (0 when none is free). */
  public double fragmentation() {
    return freeDevices == 0 ? 0 : fragmentedDevices / freeDevices;
  }
}
