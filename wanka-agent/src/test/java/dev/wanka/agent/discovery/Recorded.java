package dev.wanka.agent.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads a recorded tool output from src/test/resources/recorded (see PROVENANCE.md there). */
final class Recorded {
  private Recorded() {}

  static String text(String path) {
    try (InputStream in = Recorded.class.getResourceAsStream("/recorded/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no recording " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
