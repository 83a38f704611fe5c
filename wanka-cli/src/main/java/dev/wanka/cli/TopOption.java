package dev.wanka.cli;

import picocli.CommandLine.Option;

/** {@code --top}: how many of a plan's options to show. */
final class TopOption {
  static final int MAX_TOP = 100_000;

  @Option(names = "--top", paramLabel = "N", description = "Options to show; default 15.")
  int top = 15;

  void check(FlagProblems problems) {
    problems.range("--top", top, 1, MAX_TOP);
  }
}
