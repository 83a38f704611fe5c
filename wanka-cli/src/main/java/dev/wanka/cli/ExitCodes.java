package dev.wanka.cli;

/** What a {@code wanka} exit code means; scripts rely on these. */
final class ExitCodes {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int BAD_INPUT = 2;

  private ExitCodes() {}
}
