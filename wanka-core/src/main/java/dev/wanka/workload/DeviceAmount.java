package dev.wanka.workload;

/**
 * An amount of accelerator, in thousandths of a device: either whole devices (a multiple of 1000)
 * or a share of one device (1 to 999 milli-devices, e.g. 250 for a quarter of a GPU, as with MIG,
 * vGPU or time-slicing). A share never spans two devices, so 1.5 devices cannot be expressed.
 */
public record DeviceAmount(long milliDevices) {
  public static final long MILLI = 1000;

  public DeviceAmount {
    if (milliDevices < 1 || (milliDevices >= MILLI && milliDevices % MILLI != 0)) {
      throw new IllegalArgumentException(
          "devices: "
              + milliDevices
              + " milli-devices is not allowed: must be a share of one device (1 to 999) or"
              + " whole devices (a multiple of 1000)");
    }
  }

  public static DeviceAmount whole(long devices) {
    if (devices < 1 || devices > Long.MAX_VALUE / MILLI) {
      throw new IllegalArgumentException(
          "devices: " + devices + " is not allowed: must be 1 or more whole devices");
    }
    return new DeviceAmount(devices * MILLI);
  }

  public static DeviceAmount share(long milliDevices) {
    if (milliDevices < 1 || milliDevices > MILLI) {
      throw new IllegalArgumentException(
          "devices: "
              + milliDevices
              + " milli-devices is not allowed: a share must be from 1 to 1000 milli-devices");
    }
    return new DeviceAmount(milliDevices);
  }

  /** True for a share of one device (less than a whole one). */
  public boolean isFractional() {
    return milliDevices < MILLI;
  }

  /** Whole devices; 0 for a fractional share. */
  public long wholeDevices() {
    return milliDevices / MILLI;
  }

  /** The amount in devices, e.g. 0.25 or 8. */
  public double devices() {
    return milliDevices / (double) MILLI;
  }

  @Override
  public String toString() {
    return isFractional() ? (milliDevices / (double) MILLI) + " device" : wholeDevices() + "";
  }
}
