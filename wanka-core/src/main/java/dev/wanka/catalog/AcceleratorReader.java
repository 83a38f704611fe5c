package dev.wanka.catalog;

import dev.wanka.spec.MapReader;
import dev.wanka.spec.Paths;
import dev.wanka.spec.Problems;
import dev.wanka.spec.Values;
import dev.wanka.spec.YamlNode;
import dev.wanka.spec.YamlNode.YamlScalar;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads one catalog entry (see the comment at the top of the bundled accelerators.yaml). */
final class AcceleratorReader {
  static final String[] FIELDS = {
    "id",
    "aliases",
    "vendor",
    "model",
    "year",
    "peak",
    "memoryGB",
    "memoryType",
    "memoryTBps",
    "scaleUp",
    "scaleOutGbps",
    "tdpWatts",
    "confidence",
    "source",
    "notes"
  };
  static final String[] PEAK_FIELDS = {"bf16", "fp16", "fp8", "int8"};
  static final String[] SCALE_UP_FIELDS = {"link", "gbytesPerSecond", "direction", "domainSize"};
  private static final String FIGURE_KINDS =
      "a number greater than 0, {unknown: reason} or {unsupported: reason}";

  private AcceleratorReader() {}

  static Accelerator read(YamlNode node, String path, Problems problems) {
    MapReader entry = MapReader.of(node, path, problems, FIELDS);
    String id = entry.slug("id");
    List<String> aliases = new ArrayList<>();
    List<YamlNode> aliasNodes = entry.list("aliases", false);
    for (int i = 0; i < aliasNodes.size(); i++) {
      Values.slug(aliasNodes.get(i), Paths.item(entry.path("aliases"), i), problems)
          .ifPresent(aliases::add);
    }
    String vendor = entry.string("vendor");
    String model = entry.string("model");
    int year = (int) entry.integer("year", 1990, 2100);

    MapReader peak = entry.map("peak", PEAK_FIELDS);
    Map<Precision, Figure> peaks = new EnumMap<>(Precision.class);
    for (Precision precision : Precision.values()) {
      peaks.put(precision, figure(peak, precision.keyword()));
    }
    Figure memoryGB = figure(entry, "memoryGB");
    Optional<String> memoryType = entry.optionalString("memoryType");
    Figure memoryTBps = figure(entry, "memoryTBps");

    MapReader link = entry.map("scaleUp", SCALE_UP_FIELDS);
    ScaleUpLink scaleUp =
        new ScaleUpLink(
            link.string("link"),
            figure(link, "gbytesPerSecond"),
            link.keyword("direction", LinkDirection.class).orElse(LinkDirection.UNIDIRECTIONAL),
            figure(link, "domainSize"));

    Figure scaleOutGbps = figure(entry, "scaleOutGbps");
    Figure tdpWatts = figure(entry, "tdpWatts");
    Confidence confidence =
        entry.keyword("confidence", Confidence.class).orElse(Confidence.UNCERTAIN);
    String source = entry.string("source");
    Optional<String> notes = entry.optionalString("notes");

    return new Accelerator(
        id,
        aliases,
        vendor,
        model,
        year,
        peaks,
        memoryGB,
        memoryType,
        memoryTBps,
        scaleUp,
        scaleOutGbps,
        tdpWatts,
        confidence,
        source,
        notes,
        entry.at());
  }

  /** A number, {@code {unknown: reason}} or {@code {unsupported: reason}}; never absent. */
  static Figure figure(MapReader map, String field) {
    Optional<YamlNode> node = map.required(field, FIGURE_KINDS);
    if (node.isEmpty()) {
      return Figure.unknown("not given");
    }
    YamlNode value = node.get();
    if (value instanceof YamlScalar scalar
        && (scalar.kind() == YamlScalar.Kind.INTEGER || scalar.kind() == YamlScalar.Kind.DECIMAL)) {
      return Values.number(value, map.path(field), 0, true, Double.MAX_VALUE, map.problems())
          .stream()
          .mapToObj(Figure::of)
          .findFirst()
          .orElse(Figure.unknown("invalid"));
    }
    if (value instanceof YamlNode.YamlMap absent && absent.entries().size() == 1) {
      MapReader reason =
          MapReader.of(value, map.path(field), map.problems(), "unknown", "unsupported");
      if (reason.has("unknown")) {
        return Figure.unknown(reason.string("unknown"));
      }
      if (reason.has("unsupported")) {
        return Figure.unsupported(reason.string("unsupported"));
      }
      return Figure.unknown("invalid");
    }
    map.problem(field, value.describe() + " is not allowed: must be " + FIGURE_KINDS);
    return Figure.unknown("invalid");
  }
}
