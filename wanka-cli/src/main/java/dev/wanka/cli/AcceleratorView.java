package dev.wanka.cli;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Figure;
import dev.wanka.catalog.Precision;
import dev.wanka.spec.Values;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An accelerator as JSON, in the catalog file's own schema, so that {@code wanka catalog --json}
 * output is itself a valid {@code --catalog} file.
 */
final class AcceleratorView {
  private AcceleratorView() {}

  static Map<String, Object> json(Accelerator a) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", a.id());
    json.put("aliases", a.aliases());
    json.put("vendor", a.vendor());
    json.put("model", a.model());
    json.put("year", a.year());
    Map<String, Object> peak = new LinkedHashMap<>();
    for (Precision precision : Precision.values()) {
      peak.put(precision.keyword(), figure(a.peak(precision)));
    }
    json.put("peak", peak);
    json.put("memoryGB", figure(a.memoryGB()));
    a.memoryType().ifPresent(type -> json.put("memoryType", type));
    json.put("memoryTBps", figure(a.memoryTBps()));
    Map<String, Object> scaleUp = new LinkedHashMap<>();
    scaleUp.put("link", a.scaleUp().name());
    scaleUp.put("gbytesPerSecond", figure(a.scaleUp().gbytesPerSecond()));
    scaleUp.put("direction", a.scaleUp().direction().keyword());
    scaleUp.put("domainSize", figure(a.scaleUp().domainSize()));
    json.put("scaleUp", scaleUp);
    json.put("scaleOutGbps", figure(a.scaleOutGbps()));
    json.put("tdpWatts", figure(a.tdpWatts()));
    json.put("confidence", a.confidence().keyword());
    json.put("source", a.source());
    a.notes().ifPresent(notes -> json.put("notes", notes));
    return json;
  }

  /** A number, or {@code {"unknown": reason}} / {@code {"unsupported": reason}}. */
  static Object figure(Figure figure) {
    if (figure instanceof Figure.Known known) {
      return known.value();
    }
    return Map.of(figure instanceof Figure.Unknown ? "unknown" : "unsupported", figure.reason());
  }

  /** A table cell: the value, "?" when unknown, "-" when unsupported. */
  static String cell(Figure figure) {
    if (figure instanceof Figure.Known known) {
      return Values.format(known.value());
    }
    return figure instanceof Figure.Unknown ? "?" : "-";
  }
}
