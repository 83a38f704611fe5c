package dev.wanka.cli;

import picocli.CommandLine.Option;

/** {@code --input-tokens} and {@code --output-tokens}: the requests a served model answers. */
final class RequestTokenOptions {
  @Option(
      names = "--input-tokens",
      required = true,
      paramLabel = "I",
      description = "Prompt tokens per request.")
  int inputTokens;

  @Option(
      names = "--output-tokens",
      required = true,
      paramLabel = "O",
      description = "Generated tokens per request.")
  int outputTokens;

  void check(FlagProblems problems) {
    problems.range("--input-tokens", inputTokens, 1, Limits.MAX_SEQ);
    problems.range("--output-tokens", outputTokens, 1, Limits.MAX_SEQ);
  }
}
