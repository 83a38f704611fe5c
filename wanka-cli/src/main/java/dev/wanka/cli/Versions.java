package dev.wanka.cli;

/** This build's version, as {@code wanka --version} prints it. */
final class Versions {
  private Versions() {}

  static String current() {
    return new WankaCommand.Version().getVersion()[0].replace("wanka ", "");
  }
}
