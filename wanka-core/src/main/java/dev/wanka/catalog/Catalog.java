package dev.wanka.catalog;

import dev.wanka.spec.BundledText;
import dev.wanka.spec.Problems;
import dev.wanka.spec.SourceLocation;
import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import dev.wanka.spec.Suggestions;
import dev.wanka.spec.YamlNode;
import dev.wanka.spec.YamlNode.YamlList;
import dev.wanka.spec.YamlNode.YamlMap;
import dev.wanka.spec.YamlTreeReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The accelerator catalog: the bundled entries, plus any entries users add or override with their
 * own YAML files. Immutable; lookups by id or alias ignore case.
 *
 * <p>A user file is a YAML list of entries in the bundled format. An entry whose {@code id} (or
 * alias) is already known overrides only the fields it gives ({@code peak} and {@code scaleUp}
 * field by field) and must give a {@code source} for them; a new id must give every field.
 */
public final class Catalog {
  static final String BUNDLED_RESOURCE = "/dev/wanka/catalog/accelerators.yaml";
  static final String BUNDLED_SOURCE = "bundled:accelerators.yaml";

  private final List<Accelerator> entries;
  private final Map<String, YamlMap> rawById;
  private final Map<String, Accelerator> byKey;

  private Catalog(List<Accelerator> entries, Map<String, YamlMap> rawById) {
    this.entries = List.copyOf(entries);
    this.rawById = Map.copyOf(rawById);
    Map<String, Accelerator> keys = new LinkedHashMap<>();
    for (Accelerator accelerator : entries) {
      keys.put(accelerator.id(), accelerator);
      for (String alias : accelerator.aliases()) {
        keys.put(alias.toLowerCase(Locale.ROOT), accelerator);
      }
    }
    this.byKey = Collections.unmodifiableMap(keys); // catalog order: suggestions are stable
  }

  /** The catalog shipped inside Wanka. */
  public static Catalog bundled() {
    return Bundled.CATALOG;
  }

  /** A catalog with no entries, to build one from files only. */
  public static Catalog empty() {
    return new Catalog(List.of(), Map.of());
  }

  /** This catalog with the entries of a user file added or overriding; {@code source} names it. */
  public Catalog withOverrides(String source, String yaml) {
    return withOverrides(YamlTreeReader.read(source, yaml));
  }

  Catalog withOverrides(YamlNode root) {
    if (!(root instanceof YamlList list)) {
      throw new SpecException(
          new SpecProblem(
              root.at(),
              "",
              root.describe()
                  + " is not allowed: a catalog file is a YAML list of accelerator entries"
                  + " (each starting with '- id: ...')"));
    }
    Problems problems = new Problems();
    List<Accelerator> merged = new ArrayList<>(entries);
    Map<String, YamlMap> raw = new LinkedHashMap<>(rawById);
    Map<String, SourceLocation> seenInFile = new LinkedHashMap<>();
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      String path = "[" + i + "]";
      Optional<String> key = idOf(item);
      Optional<Accelerator> existing = key.flatMap(this::find);
      YamlNode effective = item;
      if (existing.isPresent() && item instanceof YamlMap patch) {
        if (patch.get("source").isEmpty()) {
          problems.add(
              item.at(),
              path,
              "overrides '"
                  + existing.get().id()
                  + "' but gives no source: say where the new figures come from"
                  + " (source: URL or document)");
          continue;
        }
        effective = overlay(rawById.get(existing.get().id()), patch);
      }
      int before = problems.count();
      Accelerator accelerator = AcceleratorReader.read(effective, path, problems);
      if (problems.count() > before) {
        continue;
      }
      SourceLocation previous = seenInFile.put(accelerator.id(), item.at());
      if (previous != null) {
        problems.add(
            item.at(),
            path + ".id",
            "'"
                + accelerator.id()
                + "' is given twice in this file (first at line "
                + previous.line()
                + "); give each id once");
        continue;
      }
      raw.put(accelerator.id(), (YamlMap) effective);
      int index = indexOf(merged, accelerator.id());
      if (index >= 0) {
        merged.set(index, accelerator);
      } else {
        merged.add(accelerator);
      }
    }
    checkAliases(merged, problems);
    problems.throwIfAny();
    return new Catalog(merged, raw);
  }

  public List<Accelerator> all() {
    return entries;
  }

  /** The entry with this id or alias, ignoring case. */
  public Optional<Accelerator> find(String idOrAlias) {
    return Optional.ofNullable(byKey.get(idOrAlias.trim().toLowerCase(Locale.ROOT)));
  }

  /** Every id and alias, in catalog order, for suggestions. */
  public List<String> keys() {
    return List.copyOf(byKey.keySet());
  }

  /** The vendors present, spelled as in the entries, sorted. */
  public List<String> vendors() {
    TreeSet<String> vendors = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    entries.forEach(a -> vendors.add(a.vendor()));
    return List.copyOf(vendors);
  }

  /** Entries of one vendor, ignoring case. */
  public List<Accelerator> byVendor(String vendor) {
    return entries.stream().filter(a -> a.vendor().equalsIgnoreCase(vendor.trim())).toList();
  }

  /** "'x' is not in the catalog; did you mean 'y'? ..." for any message about an unknown id. */
  public String notFoundMessage(String given) {
    return "'"
        + given
        + "' is not in the accelerator catalog"
        + Suggestions.didYouMean(given, keys())
        + " ('wanka catalog' lists the ids)";
  }

  private static Optional<String> idOf(YamlNode item) {
    if (item instanceof YamlMap map
        && map.get("id").orElse(null) instanceof YamlNode.YamlScalar scalar) {
      return Optional.of(scalar.text());
    }
    return Optional.empty();
  }

  /** The base entry with the patch's fields on top; nested maps merge one level deep. */
  private static YamlMap overlay(YamlMap base, YamlMap patch) {
    Map<String, YamlNode> entries = new LinkedHashMap<>(base.entries());
    Map<String, SourceLocation> keyAt = new LinkedHashMap<>(base.keyAt());
    for (Map.Entry<String, YamlNode> field : patch.entries().entrySet()) {
      String name = field.getKey();
      if (name.equals("id")) {
        continue;
      }
      YamlNode value = field.getValue();
      if (base.entries().get(name) instanceof YamlMap baseChild
          && value instanceof YamlMap patchChild
          && (name.equals("peak") || name.equals("scaleUp"))) {
        value = overlay(baseChild, patchChild);
      }
      entries.put(name, value);
      keyAt.put(name, patch.keyAt().get(name));
    }
    return new YamlMap(patch.at(), entries, keyAt);
  }

  private static void checkAliases(List<Accelerator> merged, Problems problems) {
    Map<String, String> owner = new LinkedHashMap<>();
    for (Accelerator accelerator : merged) {
      owner.put(accelerator.id(), accelerator.id());
    }
    for (Accelerator accelerator : merged) {
      for (String alias : accelerator.aliases()) {
        String previous = owner.putIfAbsent(alias, accelerator.id());
        if (previous != null && !previous.equals(accelerator.id())) {
          problems.add(
              accelerator.origin(),
              "aliases",
              "alias '"
                  + alias
                  + "' of '"
                  + accelerator.id()
                  + "' already names '"
                  + previous
                  + "'; an id or alias may name one entry only");
        }
      }
    }
  }

  private static int indexOf(List<Accelerator> list, String id) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private static final class Bundled {
    static final Catalog CATALOG = load();

    private static Catalog load() {
      return empty()
          .withOverrides(BUNDLED_SOURCE, BundledText.read(BUNDLED_RESOURCE, "the bundled catalog"));
    }
  }
}
