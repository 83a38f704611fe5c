package dev.wanka.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Pretty JSON on stdout for {@code --json}: one document per command, nothing else. */
final class Json {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private Json() {}

  static void print(PrintWriter out, Object value) {
    out.println(MAPPER.writeValueAsString(value));
  }

  /** The value as pretty JSON text. */
  static String text(Object value) {
    return MAPPER.writeValueAsString(value) + "\n";
  }

  /** Rounds for output: enough digits for any use, none of binary floating point's noise. */
  static double round(double value) {
    if (value == 0 || !Double.isFinite(value)) {
      return value;
    }
    return new BigDecimal(value).round(new MathContext(10)).doubleValue();
  }
}
