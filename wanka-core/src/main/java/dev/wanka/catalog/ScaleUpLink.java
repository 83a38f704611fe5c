package dev.wanka.catalog;

/**
 * A chip's scale-up interconnect (NVLink, HCCS, MTLink, ICI, or PCIe where there is none).
 *
 * @param name the link as the vendor calls it
 * @param gbytesPerSecond per chip, counted as {@code direction} says
 * @param direction how the vendor counts {@code gbytesPerSecond}
 * @param domainSize chips in the largest scale-up domain the chip ships in
 */
public record ScaleUpLink(
    String name, Figure gbytesPerSecond, LinkDirection direction, Figure domainSize) {

  /** Bytes per second one chip can send in one direction: what a transfer time depends on. */
  public Figure bytesPerSecondEachWay() {
    double perDirection = direction == LinkDirection.BIDIRECTIONAL ? 0.5 : 1.0;
    return gbytesPerSecond.times(1e9 * perDirection);
  }
}
