package dev.wanka.perf;

import dev.wanka.spec.MapReader;
import dev.wanka.spec.Paths;
import dev.wanka.spec.Problems;
import dev.wanka.spec.SourceLocation;
import dev.wanka.spec.Values;
import dev.wanka.spec.YamlNode;
import dev.wanka.spec.YamlNode.YamlScalar;
import dev.wanka.spec.YamlTreeReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one model shape (see the comment at the top of the bundled {@code models.yaml}) and checks
 * it whole: every problem is reported with file, line, field, the bad value and what is allowed.
 *
 * <p>Required: {@code layers}, {@code hidden}, {@code heads}, {@code vocab}, {@code seq}. Optional,
 * with defaults: {@code kvHeads} (= heads), {@code headDim} (= hidden / heads), {@code ffnHidden}
 * (= 4 × hidden for GELU; required for SwiGLU), {@code ffnActivation} (gelu), {@code
 * tiedEmbeddings} (false); mixture of experts: {@code experts} with {@code topK}, {@code
 * sharedExperts} (0), {@code expertFfnHidden} (= ffnHidden), {@code denseLayers} (0); multi-head
 * latent attention: {@code mla}. A bundled preset must also give {@code id} and {@code source} and
 * may give {@code aliases}; a user file may leave out {@code id} (the caller's default applies) and
 * {@code source}, and may not give aliases.
 */
public final class ModelSpecReader {
  static final String[] FIELDS = {
    "id",
    "name",
    "aliases",
    "source",
    "layers",
    "hidden",
    "heads",
    "kvHeads",
    "headDim",
    "ffnHidden",
    "ffnActivation",
    "tiedEmbeddings",
    "vocab",
    "seq",
    "experts",
    "topK",
    "sharedExperts",
    "expertFfnHidden",
    "denseLayers",
    "mla"
  };

  static final String[] MLA_FIELDS = {
    "qLoraRank", "kvLoraRank", "qkNopeHeadDim", "qkRopeHeadDim", "vHeadDim"
  };

  static final String[] MOE_ONLY_FIELDS = {"sharedExperts", "expertFfnHidden", "denseLayers"};

  static final int MAX_LAYERS = 1000;
  static final int MAX_HIDDEN = 1_000_000;
  static final int MAX_HEADS = 100_000;
  static final int MAX_HEAD_DIM = 100_000;
  static final int MAX_FFN_HIDDEN = 10_000_000;
  static final int MAX_VOCAB = 10_000_000;
  static final int MAX_SEQ = 10_000_000;
  static final int MAX_EXPERTS = 65_536;
  static final int MAX_RANK = 100_000;

  /** A shape beyond this many weights is a typo, not a model (1000 × the largest published). */
  static final double MAX_PARAMETERS = 1e15;

  /** Where a model comes from: a bundled preset must name its source and may have aliases. */
  enum Kind {
    PRESET,
    USER_FILE
  }

  /** One model as read: the shape, its display name and (presets only) its aliases. */
  record Entry(ModelSpec spec, String name, List<String> aliases, SourceLocation at) {}

  private ModelSpecReader() {}

  /**
   * Reads a user's model file: one YAML map. {@code source} names the file in messages; {@code
   * defaultId} is the id when the file gives none (e.g. the file name without extension); it must
   * then be a slug. Throws {@link dev.wanka.spec.SpecException} listing every problem.
   */
  public static ModelSpec read(String source, String yaml, String defaultId) {
    return readUserFile(source, yaml, defaultId).spec();
  }

  static Entry readUserFile(String source, String yaml, String defaultId) {
    YamlNode root = YamlTreeReader.read(source, yaml);
    Problems problems = new Problems();
    Optional<Entry> entry = read(root, "", problems, Kind.USER_FILE, defaultId);
    problems.throwIfAny();
    return entry.orElseThrow();
  }

  /**
   * Reads one model map at {@code path}; reports problems and returns empty if there were any.
   * {@code defaultId} is only used for user files.
   */
  static Optional<Entry> read(
      YamlNode node, String path, Problems problems, Kind kind, String defaultId) {
    int before = problems.count();
    MapReader model = MapReader.of(node, path, problems, FIELDS);

    String id = id(model, kind, defaultId);
    Optional<String> name = model.optionalString("name");
    List<String> aliases = aliases(model, kind);
    String source =
        kind == Kind.PRESET ? model.string("source") : model.optionalString("source").orElse("");

    int layers = (int) model.integer("layers", 1, MAX_LAYERS);
    int hidden = (int) model.integer("hidden", 1, MAX_HIDDEN);
    int heads = (int) model.integer("heads", 1, MAX_HEADS);
    int vocab = (int) model.integer("vocab", 1, MAX_VOCAB);
    int seq = (int) model.integer("seq", 1, MAX_SEQ);
    FfnActivation activation =
        model.keyword("ffnActivation", FfnActivation.class, FfnActivation.GELU);
    boolean tied = bool(model, "tiedEmbeddings", false);

    Optional<MlaSpec> mla = mla(model);
    int kvHeads = kvHeads(model, heads, mla.isPresent());
    int headDim = headDim(model, hidden, heads, mla);
    int ffnHidden = ffnHidden(model, hidden, activation);
    Optional<MoeSpec> moe = moe(model, layers, ffnHidden);

    if (problems.count() > before) {
      return Optional.empty();
    }
    ModelSpec spec;
    try {
      spec =
          new ModelSpec(
              id,
              layers,
              hidden,
              heads,
              kvHeads,
              headDim,
              ffnHidden,
              activation,
              vocab,
              seq,
              tied,
              moe,
              mla,
              source);
    } catch (IllegalArgumentException e) {
      // Every rule of ModelSpec is checked above; this is a safety net, still reported in place.
      problems.add(model.at(), path, e.getMessage());
      return Optional.empty();
    }
    double parameters = approximateParameters(spec);
    if (parameters > MAX_PARAMETERS) {
      problems.add(
          model.at(),
          path,
          "this shape has about "
              + String.format(Locale.ROOT, "%.2e", parameters)
              + " parameters, more than the 1e15 Wanka can model; check layers, hidden,"
              + " ffnHidden, experts and expertFfnHidden");
      return Optional.empty();
    }
    return Optional.of(new Entry(spec, name.orElse(id), aliases, model.at()));
  }

  private static String id(MapReader model, Kind kind, String defaultId) {
    if (kind == Kind.PRESET || model.has("id")) {
      return model.slug("id");
    }
    if (defaultId == null || !Values.isSlug(defaultId)) {
      model.problem(
          "id",
          "missing field: the file gives no id"
              + (defaultId == null ? "" : " and its default '" + defaultId + "' is not a slug")
              + "; give id: a slug of lower-case letters, digits and '-'");
      return "";
    }
    return defaultId;
  }

  private static List<String> aliases(MapReader model, Kind kind) {
    if (kind == Kind.USER_FILE) {
      if (model.has("aliases")) {
        model.problem(
            "aliases",
            "is only allowed in the bundled presets; a model file describes one model named by its"
                + " id");
      }
      return List.of();
    }
    List<String> aliases = new ArrayList<>();
    List<YamlNode> nodes = model.list("aliases", false);
    for (int i = 0; i < nodes.size(); i++) {
      Values.slug(nodes.get(i), Paths.item(model.path("aliases"), i), model.problems())
          .ifPresent(aliases::add);
    }
    return List.copyOf(aliases);
  }

  private static boolean bool(MapReader model, String field, boolean defaultValue) {
    Optional<YamlNode> node = model.node(field);
    if (node.isEmpty()) {
      return defaultValue;
    }
    if (node.get() instanceof YamlScalar scalar && scalar.kind() == YamlScalar.Kind.BOOLEAN) {
      return scalar.text().trim().equalsIgnoreCase("true");
    }
    model.problem(field, node.get().describe() + " is not allowed: must be true or false");
    return defaultValue;
  }

  private static int kvHeads(MapReader model, int heads, boolean mla) {
    if (!model.has("kvHeads")) {
      return Math.max(heads, 1);
    }
    int kvHeads = (int) model.integer("kvHeads", 1, MAX_HEADS, 0);
    if (kvHeads < 1 || heads < 1) {
      return Math.max(heads, 1);
    }
    if (mla && kvHeads != heads) {
      model.problem(
          "kvHeads",
          "'"
              + kvHeads
              + "' is not allowed with mla: every head has its own key and value (decompressed"
              + " from the latent), so kvHeads must equal heads ("
              + heads
              + ") or be left out");
    } else if (heads % kvHeads != 0) {
      model.problem(
          "kvHeads",
          "'"
              + kvHeads
              + "' is not allowed: must divide heads ("
              + heads
              + ") evenly"
              + divisorsOf(heads));
    }
    return kvHeads;
  }

  private static String divisorsOf(int n) {
    List<String> divisors = new ArrayList<>();
    for (int d = 1; d <= n && divisors.size() <= 24; d++) {
      if (n % d == 0) {
        divisors.add(Integer.toString(d));
      }
    }
    return divisors.size() > 24 ? "" : ": one of " + String.join(", ", divisors);
  }

  private static int headDim(MapReader model, int hidden, int heads, Optional<MlaSpec> mla) {
    if (mla.isPresent() || model.has("mla")) {
      if (model.has("headDim")) {
        model.problem(
            "headDim",
            "is not allowed with mla: the head widths are mla.qkNopeHeadDim, mla.qkRopeHeadDim"
                + " and mla.vHeadDim");
      }
      // Unused by the MLA formulas; the value width is the closest meaning of "per-head width".
      return mla.map(MlaSpec::vHeadDim).orElse(1);
    }
    if (model.has("headDim")) {
      return (int) model.integer("headDim", 1, MAX_HEAD_DIM, 1);
    }
    if (hidden < 1 || heads < 1) {
      return 1;
    }
    if (hidden % heads != 0) {
      model.problem(
          "headDim",
          "missing field: hidden ("
              + hidden
              + ") is not a multiple of heads ("
              + heads
              + "), so the per-head width cannot default to hidden / heads; give headDim");
      return 1;
    }
    return hidden / heads;
  }

  private static int ffnHidden(MapReader model, int hidden, FfnActivation activation) {
    if (model.has("ffnHidden")) {
      return (int) model.integer("ffnHidden", 1, MAX_FFN_HIDDEN, 1);
    }
    if (activation == FfnActivation.SWIGLU) {
      model.problem(
          "ffnHidden",
          "missing field: required with ffnActivation: swiglu (there is no standard width; give"
              + " the model's intermediate size, a whole number from 1 to "
              + MAX_FFN_HIDDEN
              + ")");
      return 1;
    }
    return Math.max(4 * hidden, 1);
  }

  private static Optional<MoeSpec> moe(MapReader model, int layers, int ffnHidden) {
    boolean hasExperts = model.has("experts");
    boolean hasTopK = model.has("topK");
    if (!hasExperts && !hasTopK) {
      for (String field : MOE_ONLY_FIELDS) {
        if (model.has(field)) {
          model.problem(
              field,
              "is only allowed in a mixture-of-experts model: give experts and topK as well");
        }
      }
      return Optional.empty();
    }
    if (hasExperts != hasTopK) {
      String given = hasExperts ? "experts" : "topK";
      String missing = hasExperts ? "topK" : "experts";
      model.problem(
          missing,
          "missing field: "
              + given
              + " is given, so "
              + missing
              + " must be given too; a mixture-of-experts model needs both experts (routed"
              + " experts per layer, 1 to "
              + MAX_EXPERTS
              + ") and topK (routed experts each token visits, 1 to experts)");
      return Optional.empty();
    }
    int experts = (int) model.integer("experts", 1, MAX_EXPERTS);
    int topK = (int) model.integer("topK", 1, MAX_EXPERTS);
    int shared = (int) model.integer("sharedExperts", 0, MAX_EXPERTS, 0);
    int expertFfnHidden = (int) model.integer("expertFfnHidden", 1, MAX_FFN_HIDDEN, ffnHidden);
    int denseLayers = (int) model.integer("denseLayers", 0, MAX_LAYERS, 0);
    boolean valid = experts >= 1 && topK >= 1 && expertFfnHidden >= 1;
    if (valid && topK > experts) {
      model.problem(
          "topK",
          "'"
              + topK
              + "' is not allowed: must be a whole number from 1 to experts ("
              + experts
              + ")");
      valid = false;
    }
    if (layers >= 1 && denseLayers > layers) {
      model.problem(
          "denseLayers",
          "'"
              + denseLayers
              + "' is not allowed: must be a whole number from 0 to layers ("
              + layers
              + ")");
      valid = false;
    }
    return valid
        ? Optional.of(new MoeSpec(experts, topK, shared, expertFfnHidden, denseLayers))
        : Optional.empty();
  }

  private static Optional<MlaSpec> mla(MapReader model) {
    Optional<MapReader> node = model.optionalMap("mla", MLA_FIELDS);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    MapReader mla = node.get();
    int before = model.problems().count();
    int qLoraRank = (int) mla.integer("qLoraRank", 0, MAX_RANK, 0);
    int kvLoraRank = (int) mla.integer("kvLoraRank", 1, MAX_RANK);
    int qkNope = (int) mla.integer("qkNopeHeadDim", 1, MAX_HEAD_DIM);
    int qkRope = (int) mla.integer("qkRopeHeadDim", 0, MAX_HEAD_DIM);
    int vHeadDim = (int) mla.integer("vHeadDim", 1, MAX_HEAD_DIM);
    if (model.problems().count() > before) {
      return Optional.empty();
    }
    return Optional.of(new MlaSpec(qLoraRank, kvLoraRank, qkNope, qkRope, vHeadDim));
  }

  /**
   * {@link ModelSpec#parameters()} in floating point: each per-layer term fits a long, sums may
   * not.
   */
  private static double approximateParameters(ModelSpec spec) {
    return (double) spec.layers() * spec.attentionParametersPerLayer()
        + (double) spec.denseLayers() * spec.denseFfnParameters()
        + (double) spec.moeLayers() * spec.moeLayerParameters()
        + spec.embeddingParameters()
        + spec.normParameters();
  }
}
