package dev.wanka.cli;

import dev.wanka.perf.Calibrations;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --calibration}: entries that replace the bundled calibrations. */
final class CalibrationOption {
  @Option(
      names = "--calibration",
      paramLabel = "FILE",
      description = "Calibration entries replacing the bundled ones for the same chips or vendor.")
  Path file;

  /** The bundled calibrations, with the entries of the file on top. */
  Calibrations calibrations() {
    Calibrations calibrations = Calibrations.bundled();
    if (file != null) {
      calibrations =
          calibrations.withOverrides(file.toString(), InputFiles.read(file, "calibration file"));
    }
    return calibrations;
  }
}
