package dev.wanka.catalog;

import dev.wanka.spec.SourceLocation;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One accelerator type: dense per-chip figures as published, each known or explicitly unknown.
 * Units are in the names; {@code memoryGB} is the capacity as the vendor states it.
 *
 * @param id stable lower-case slug used everywhere else ({@code h100-sxm})
 * @param peakTeraOps dense peak per precision: TFLOPS, or TOPS for INT8
 * @param origin where the entry (or its last override) was read from
 */
public record Accelerator(
    String id,
    List<String> aliases,
    String vendor,
    String model,
    int year,
    Map<Precision, Figure> peakTeraOps,
    Figure memoryGB,
    Optional<String> memoryType,
    Figure memoryTBps,
    ScaleUpLink scaleUp,
    Figure scaleOutGbps,
    Figure tdpWatts,
    Confidence confidence,
    String source,
    Optional<String> notes,
    SourceLocation origin) {

  public Accelerator {
    aliases = List.copyOf(aliases);
    EnumMap<Precision, Figure> peaks = new EnumMap<>(Precision.class);
    peaks.putAll(peakTeraOps);
    if (peaks.size() != Precision.values().length) {
      throw new IllegalArgumentException(id + ": a peak figure is needed for every precision");
    }
    peakTeraOps = Collections.unmodifiableMap(peaks);
  }

  public Figure peak(Precision precision) {
    return peakTeraOps.get(precision);
  }
}
