package dev.wanka.cli;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import dev.wanka.perf.ModelCatalog;
import dev.wanka.perf.ModelCatalog.ModelPreset;
import dev.wanka.plan.DevicePrices;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the {@code estimate} and {@code plan} commands share: turning {@code --model}, {@code
 * --accelerator}, {@code --types}, {@code --cluster} and {@code --prices} into core values.
 *
 * <p>Lookups add a message to {@code problems} and return null, so that a command reports all its
 * bad flags at once; unreadable or malformed files throw ({@link UsageException}, {@link
 * dev.wanka.spec.SpecException}) and become exit code 2 in {@link WankaCommand}.
 */
final class CommandInputs {
  private CommandInputs() {}

  /**
   * A preset by id or alias; a model file when the value names an existing file or ends in
   * .yaml/.yml. Spec errors in the file propagate as {@link dev.wanka.spec.SpecException}.
   */
  static ModelPreset model(String model, FlagProblems problems) {
    String lower = model.toLowerCase(Locale.ROOT);
    Path file = Path.of(model);
    boolean looksLikeFile = lower.endsWith(".yaml") || lower.endsWith(".yml");
    if (looksLikeFile || Files.isRegularFile(file)) {
      String text = InputFiles.read(file, "model file");
      return ModelCatalog.readUserModel(model, text, defaultId(file));
    }
    ModelCatalog models = ModelCatalog.bundled();
    return models
        .find(model)
        .orElseGet(
            () -> {
              problems.add("--model: " + models.notFoundMessage(model));
              return null;
            });
  }

  /** The file's base name without extension, as a slug: {@code My_Model.yaml} is my-model. */
  static String defaultId(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      name = name.substring(0, dot);
    }
    String slug =
        name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? name : slug;
  }

  /** One catalog entry by id or alias, any case. */
  static Accelerator accelerator(Catalog catalog, String value, FlagProblems problems) {
    Accelerator chip = catalog.find(value).orElse(null);
    if (chip == null) {
      problems.add("--accelerator: " + catalog.notFoundMessage(value));
    }
    return chip;
  }

  /**
   * The entries named by {@code --types} (ids or aliases, any case, duplicates dropped), or the
   * whole catalog when the flag was not given.
   */
  static List<Accelerator> types(Catalog catalog, List<String> values, FlagProblems problems) {
    if (values == null || values.isEmpty()) {
      return catalog.all();
    }
    Map<String, Accelerator> types = new LinkedHashMap<>();
    for (String value : values) {
      if (value.isBlank()) {
        problems.add(
            "--types: an empty name is not allowed: give catalog ids or aliases separated by"
                + " commas, e.g. h100,a100,ascend-910b3");
        continue;
      }
      catalog
          .find(value)
          .ifPresentOrElse(
              chip -> types.putIfAbsent(chip.id(), chip),
              () -> problems.add("--types: " + catalog.notFoundMessage(value.trim())));
    }
    return List.copyOf(types.values());
  }

  /** The cluster of {@code --cluster}, or null for the standard one. */
  static Cluster cluster(Path file, Catalog catalog) {
    if (file == null) {
      return null;
    }
    return Cluster.build(
        ClusterSpecReader.read(file.toString(), InputFiles.read(file, "cluster spec"), catalog));
  }

  /** The prices of {@code --prices}, or none. */
  static DevicePrices prices(Path file, Catalog catalog) {
    if (file == null) {
      return DevicePrices.none();
    }
    return DevicePrices.read(file.toString(), InputFiles.read(file, "prices file"), catalog);
  }
}
