package dev.wanka.spec;

/**
 * One thing wrong with an input a person wrote: where, which field (a path such as {@code
 * pools[1].nodes}, empty for the whole document) and a message that names the bad value and what is
 * allowed.
 */
public record SpecProblem(SourceLocation at, String field, String message) {

  /** {@code file:line:col: field: message}, the form compilers use, so editors can jump to it. */
  public String format() {
    return field.isEmpty() ? at + ": " + message : at + ": " + field + ": " + message;
  }
}
