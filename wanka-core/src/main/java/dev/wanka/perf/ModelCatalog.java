package dev.wanka.perf;

import dev.wanka.spec.BundledText;
import dev.wanka.spec.Problems;
import dev.wanka.spec.SourceLocation;
import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import dev.wanka.spec.Suggestions;
import dev.wanka.spec.YamlNode;
import dev.wanka.spec.YamlNode.YamlList;
import dev.wanka.spec.YamlTreeReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The bundled model presets (published shapes such as {@code llama3-70b}), looked up by id or alias
 * ignoring case, and the reader for a user's own model file. Immutable.
 *
 * <p>Ids and aliases are slugs, so a published name with a dot is spelt with a dash ({@code
 * qwen2-5-72b}, {@code megatron-1-7b}); lookups accept the dotted spelling too ({@code
 * qwen2.5-72b}).
 */
public final class ModelCatalog {
  static final String BUNDLED_RESOURCE = "/dev/wanka/perf/models.yaml";
  static final String BUNDLED_SOURCE = "bundled:models.yaml";

  /**
   * One model as the catalog knows it.
   *
   * @param spec the shape
   * @param name display name ({@code Llama 3 70B}); the id when none is given
   * @param aliases other slugs that find it (presets only; empty for a user file)
   */
  public record ModelPreset(ModelSpec spec, String name, List<String> aliases) {
    public ModelPreset {
      aliases = List.copyOf(aliases);
    }

    public String id() {
      return spec.id();
    }
  }

  private final List<ModelPreset> presets;
  private final Map<String, ModelPreset> byKey;

  private ModelCatalog(List<ModelPreset> presets) {
    this.presets = List.copyOf(presets);
    Map<String, ModelPreset> keys = new LinkedHashMap<>();
    for (ModelPreset preset : presets) {
      keys.put(preset.id(), preset);
      for (String alias : preset.aliases()) {
        keys.put(alias, preset);
      }
    }
    this.byKey = Collections.unmodifiableMap(keys);
  }

  /** The presets shipped inside Wanka (read once). */
  public static ModelCatalog bundled() {
    return Bundled.CATALOG;
  }

  /**
   * Reads a user's model file (one YAML map, see {@link ModelSpecReader}); {@code source} names it
   * in messages, {@code defaultId} (a slug, e.g. the file name without extension) is its id when it
   * gives none. Throws {@link SpecException} listing every problem.
   */
  public static ModelPreset readUserModel(String source, String text, String defaultId) {
    ModelSpecReader.Entry entry = ModelSpecReader.readUserFile(source, text, defaultId);
    return new ModelPreset(entry.spec(), entry.name(), List.of());
  }

  /** A catalog from a YAML list of presets; every preset must give id and source. */
  static ModelCatalog read(String source, String yaml) {
    YamlNode root = YamlTreeReader.read(source, yaml);
    if (!(root instanceof YamlList list)) {
      throw new SpecException(
          new SpecProblem(
              root.at(),
              "",
              root.describe()
                  + " is not allowed: a model catalog is a YAML list of models"
                  + " (each starting with '- id: ...')"));
    }
    Problems problems = new Problems();
    List<ModelPreset> presets = new ArrayList<>();
    Map<String, SourceLocation> owners = new LinkedHashMap<>();
    for (int i = 0; i < list.items().size(); i++) {
      String path = "[" + i + "]";
      Optional<ModelSpecReader.Entry> read =
          ModelSpecReader.read(
              list.items().get(i), path, problems, ModelSpecReader.Kind.PRESET, null);
      if (read.isEmpty()) {
        continue;
      }
      ModelSpecReader.Entry entry = read.get();
      boolean clash = claim(entry.spec().id(), path + ".id", entry.at(), owners, problems);
      for (int a = 0; a < entry.aliases().size(); a++) {
        clash |=
            claim(
                entry.aliases().get(a), path + ".aliases[" + a + "]", entry.at(), owners, problems);
      }
      if (!clash) {
        presets.add(new ModelPreset(entry.spec(), entry.name(), entry.aliases()));
      }
    }
    problems.throwIfAny();
    return new ModelCatalog(presets);
  }

  /** Records that {@code key} names the model at {@code at}; reports it if it already names one. */
  private static boolean claim(
      String key,
      String field,
      SourceLocation at,
      Map<String, SourceLocation> owners,
      Problems problems) {
    SourceLocation previous = owners.putIfAbsent(normalize(key), at);
    if (previous == null) {
      return false;
    }
    problems.add(
        at,
        field,
        "'"
            + key
            + "' already names the model at line "
            + previous.line()
            + "; an id or alias may name one model only");
    return true;
  }

  public List<ModelPreset> all() {
    return presets;
  }

  /** The preset with this id or alias, ignoring case; a '.' may stand for '-' (qwen2.5-72b). */
  public Optional<ModelPreset> find(String idOrAlias) {
    return Optional.ofNullable(byKey.get(normalize(idOrAlias)));
  }

  /** Every id and alias, in catalog order, for suggestions. */
  public List<String> keys() {
    return List.copyOf(byKey.keySet());
  }

  /** Every id, in catalog order. */
  public List<String> ids() {
    return presets.stream().map(ModelPreset::id).toList();
  }

  /** "'x' is not a bundled model; did you mean 'y'? (bundled models: ...)" for an unknown id. */
  public String notFoundMessage(String given) {
    return "'"
        + given
        + "' is not a bundled model"
        + Suggestions.didYouMean(normalize(given), keys())
        + " (bundled models: "
        + String.join(", ", ids())
        + "; or give a model file)";
  }

  private static String normalize(String key) {
    return key.trim().toLowerCase(Locale.ROOT).replace('.', '-');
  }

  private static final class Bundled {
    static final ModelCatalog CATALOG = load();

    private static ModelCatalog load() {
      return read(BUNDLED_SOURCE, BundledText.read(BUNDLED_RESOURCE, "the bundled model catalog"));
    }
  }
}
