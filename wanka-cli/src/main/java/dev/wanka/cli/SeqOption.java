package dev.wanka.cli;

import dev.wanka.perf.ModelCatalog.ModelPreset;
import picocli.CommandLine.Option;

/** {@code --seq}: the training sequence length, by default the model's. */
final class SeqOption {
  @Option(names = "--seq", paramLabel = "S", description = "Sequence length; default the model's.")
  Integer seq;

  void check(FlagProblems problems) {
    if (seq != null) {
      problems.range("--seq", seq, 1, Limits.MAX_SEQ);
    }
  }

  /** The flag's length, else the model's (1 when the model is unknown). */
  int orModels(ModelPreset preset) {
    return seq != null ? seq : preset != null ? preset.spec().seq() : 1;
  }
}
