package dev.wanka.workload;

/**
 * The sizes an elastic gang may run at: any size from {@code min} to {@code max} devices; {@code
 * min == max} for a rigid gang.
 */
public record ElasticRange(int min, int max) {
  public ElasticRange {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException(
          "elastic: min " + min + ", max " + max + " is not allowed: must be 1 <= min <= max");
    }
  }

  public static ElasticRange rigid(int devices) {
    return new ElasticRange(devices, devices);
  }

  public boolean isRigid() {
    return min == max;
  }
}
