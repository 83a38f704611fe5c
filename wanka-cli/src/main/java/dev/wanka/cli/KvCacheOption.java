package dev.wanka.cli;

import dev.wanka.cli.KeywordOption.KvCacheKeyword;
import picocli.CommandLine.Option;

/** {@code --kv-cache}: how a served model's KV cache is stored. */
final class KvCacheOption {
  @Option(
      names = "--kv-cache",
      paramLabel = "FORMAT",
      converter = KvCacheKeyword.class,
      completionCandidates = KvCacheKeyword.class,
      description = "KV cache element format: ${COMPLETION-CANDIDATES}; default bf16.")
  KvCache kvCache = KvCache.BF16;
}
