package dev.wanka.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Data shipped inside Wanka's jar (the catalog, model presets, calibration), read as text. */
public final class BundledText {
  private BundledText() {}

  /**
   * The UTF-8 text of a classpath resource such as {@code /dev/wanka/catalog/accelerators.yaml}.
   *
   * @param what names the data in the error if the jar lacks it ("the bundled catalog")
   * @throws IllegalStateException if the resource is missing: the build is broken, not the input
   */
  public static String read(String resource, String what) {
    try (InputStream in = BundledText.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(what + " " + resource + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what, e);
    }
  }
}
