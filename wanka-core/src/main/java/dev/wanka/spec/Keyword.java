package dev.wanka.spec;

/** An enum constant as it is spelled in YAML and on the command line, e.g. {@code fat-tree}. */
public interface Keyword {
  String keyword();
}
