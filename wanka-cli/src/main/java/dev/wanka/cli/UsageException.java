package dev.wanka.cli;

/** Bad input found by a command (not by the parser): printed as is, exit code 2. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
