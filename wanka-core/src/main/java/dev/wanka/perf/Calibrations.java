package dev.wanka.perf;

import dev.wanka.catalog.Accelerator;
import dev.wanka.spec.BundledText;
import dev.wanka.spec.MapReader;
import dev.wanka.spec.Paths;
import dev.wanka.spec.Problems;
import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import dev.wanka.spec.Values;
import dev.wanka.spec.YamlNode;
import dev.wanka.spec.YamlNode.YamlList;
import dev.wanka.spec.YamlTreeReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Calibration per chip generation or vendor: the bundled {@code calibration.yaml} (every figure
 * with its source), with entries from user files replacing those for the same chips or vendor. A
 * chip takes the entry that names its catalog id, else its vendor's, else {@code default}.
 */
public final class Calibrations {
  static final String BUNDLED_RESOURCE = "/dev/wanka/perf/calibration.yaml";
  static final String DEFAULT_VENDOR = "default";
  private static final String CHIP_KEY = "chip:";
  private static final String[] FIELDS = {
    "vendor",
    "accelerators",
    "gemmEfficiency",
    "fp8GemmEfficiency",
    "attentionEfficiency",
    "memoryEfficiency",
    "scaleUpCollectiveEfficiency",
    "scaleOutCollectiveEfficiency",
    "scaleUpLatencyMicroseconds",
    "scaleOutLatencyMicroseconds",
    "usableMemoryFraction",
    "source"
  };

  private final Map<String, Calibration> byKey;

  private Calibrations(Map<String, Calibration> byKey) {
    this.byKey = Collections.unmodifiableMap(new LinkedHashMap<>(byKey));
  }

  /** The calibration shipped inside Wanka. */
  public static Calibrations bundled() {
    return Bundled.CALIBRATIONS;
  }

  /** These calibrations with a user file's entries replacing those of the same vendor. */
  public Calibrations withOverrides(String source, String yaml) {
    YamlNode root = YamlTreeReader.read(source, yaml);
    if (!(root instanceof YamlList list)) {
      throw new SpecException(
          new SpecProblem(
              root.at(),
              "",
              root.describe() + " is not allowed: a calibration file is a YAML list of entries"));
    }
    Problems problems = new Problems();
    Map<String, Calibration> merged = new LinkedHashMap<>(byKey);
    for (int i = 0; i < list.items().size(); i++) {
      Calibration entry = read(list.items().get(i), Paths.item("", i), problems);
      for (String key : keys(entry)) {
        merged.put(key, entry);
      }
    }
    problems.throwIfAny();
    return new Calibrations(merged);
  }

  /** The entry naming this chip, else its vendor's (case-insensitive), else the default one. */
  public Calibration forAccelerator(Accelerator accelerator) {
    Calibration chip = byKey.get(CHIP_KEY + accelerator.id());
    if (chip != null) {
      return chip;
    }
    Calibration vendor = byKey.get(accelerator.vendor().toLowerCase(Locale.ROOT));
    return vendor != null ? vendor : byKey.get(DEFAULT_VENDOR);
  }

  /** Entries for chips are found by each of their ids; vendor-wide ones by vendor. */
  private static List<String> keys(Calibration entry) {
    if (entry.accelerators().isEmpty()) {
      return List.of(entry.vendor().toLowerCase(Locale.ROOT));
    }
    return entry.accelerators().stream().map(id -> CHIP_KEY + id).toList();
  }

  public List<Calibration> all() {
    return byKey.values().stream().distinct().toList();
  }

  private static Calibration read(YamlNode node, String path, Problems problems) {
    MapReader entry = MapReader.of(node, path, problems, FIELDS);
    List<String> accelerators = new ArrayList<>();
    List<YamlNode> ids = entry.list("accelerators", false);
    for (int i = 0; i < ids.size(); i++) {
      Values.slug(ids.get(i), Paths.item(entry.path("accelerators"), i), problems)
          .ifPresent(accelerators::add);
    }
    return new Calibration(
        entry.string("vendor"),
        accelerators,
        fraction(entry, "gemmEfficiency"),
        fraction(entry, "fp8GemmEfficiency"),
        fraction(entry, "attentionEfficiency"),
        fraction(entry, "memoryEfficiency"),
        fraction(entry, "scaleUpCollectiveEfficiency"),
        fraction(entry, "scaleOutCollectiveEfficiency"),
        microseconds(entry, "scaleUpLatencyMicroseconds"),
        microseconds(entry, "scaleOutLatencyMicroseconds"),
        fraction(entry, "usableMemoryFraction"),
        entry.string("source"));
  }

  private static double fraction(MapReader entry, String field) {
    return entry
        .required(field, "a number greater than 0 and at most 1")
        .map(n -> Values.number(n, entry.path(field), 0, true, 1, entry.problems()))
        .filter(OptionalDouble::isPresent)
        .map(OptionalDouble::getAsDouble)
        .orElse(1.0);
  }

  private static double microseconds(MapReader entry, String field) {
    return entry
            .required(field, "a number of microseconds from 0 to 10000")
            .map(n -> Values.number(n, entry.path(field), 0, false, 10_000, entry.problems()))
            .filter(OptionalDouble::isPresent)
            .map(OptionalDouble::getAsDouble)
            .orElse(0.0)
        * 1e-6;
  }

  private static final class Bundled {
    static final Calibrations CALIBRATIONS = load();

    private static Calibrations load() {
      Calibrations loaded =
          new Calibrations(Map.of())
              .withOverrides(
                  "bundled:calibration.yaml",
                  BundledText.read(BUNDLED_RESOURCE, "the bundled calibration"));
      if (loaded.byKey.get(DEFAULT_VENDOR) == null) {
        throw new IllegalStateException("the bundled calibration has no 'default' entry");
      }
      return loaded;
    }
  }
}
