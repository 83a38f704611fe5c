package dev.wanka.server.http;

import dev.wanka.api.DeviceStatus;
import dev.wanka.api.Health;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.TaskPhase;
import dev.wanka.api.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.ObjectReader;

/**
 * Reads a heartbeat. The form an agent sends (its fields in the order it writes them, strings of
 * plain ASCII without escapes) is scanned byte by byte: 12,500 nodes send 12,500 heartbeats a
 * second, and Jackson's streaming parser spent a sixth of the server's samples on them
 * (docs/benchmarks.md). Anything else, malformed or merely unusual, is read by data binding ({@link
 * JsonBodies}), which accepts or refuses it exactly as any other request body; so both give the
 * same heartbeat or the same error.
 */
final class HeartbeatReader {
  private static final ObjectReader BOUND = JsonBodies.readerFor(Heartbeat.class);

  // values() clones its array at each call: once per device per heartbeat, here
  private static final Health[] HEALTHS = Health.values();
  private static final TaskPhase[] PHASES = TaskPhase.values();

  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15
  };

  /** Digits a decimal may have for its digits divided by a power of ten to round correctly. */
  private static final int EXACT_DIGITS = 15;

  /**
   * The longest number scanned; a longer one goes to data binding, which applies Jackson's limits
   * ({@code StreamReadConstraints}) to it.
   */
  private static final int LONGEST_NUMBER = 64;

  private HeartbeatReader() {}

  static Heartbeat read(byte[] body) {
    Heartbeat heartbeat = scanned(body);
    return heartbeat != null ? heartbeat : JsonBodies.read(BOUND, body);
  }

  /** The heartbeat when the body is in the agent's form; null otherwise. */
  static Heartbeat scanned(byte[] body) {
    return new Scan(body).heartbeat();
  }

  /** One body's scan: each method consumes its part and says whether it was in the agent's form. */
  private static final class Scan {
    private final byte[] in;
    private int at;
    private long integer;
    private double real;
    private String text;

    Scan(byte[] in) {
      this.in = in;
    }

    Heartbeat heartbeat() {
      if (!(symbol('{') && key("sequence") && integer(Long.MAX_VALUE))) {
        return null;
      }
      long sequence = integer;
      List<DeviceStatus> devices = new ArrayList<>(8);
      List<TaskStatus> tasks = new ArrayList<>(2);
      boolean whole =
          symbol(',')
              && key("devices")
              && list(devices, this::device)
              && symbol(',')
              && key("tasks")
              && list(tasks, this::task)
              && symbol('}')
              && end();
      return whole ? new Heartbeat(sequence, devices, tasks) : null;
    }

    /** An array of elements each {@code element} reads (null when one is not in the form). */
    private <T> boolean list(List<T> into, Supplier<T> element) {
      if (!symbol('[')) {
        return false;
      }
      if (symbol(']')) {
        return true;
      }
      do {
        T value = element.get();
        if (value == null) {
          return false;
        }
        into.add(value);
      } while (symbol(','));
      return symbol(']');
    }

    private DeviceStatus device() {
      if (!(symbol('{') && key("index") && integer(Integer.MAX_VALUE))) {
        return null;
      }
      int index = (int) integer;
      Health health = symbol(',') && key("health") && string() ? named(HEALTHS, text) : null;
      if (health == null || !(symbol(',') && key("temperatureCelsius") && real())) {
        return null;
      }
      double temperature = real;
      if (!(symbol(',') && key("powerWatts") && real())) {
        return null;
      }
      double power = real;
      if (!(symbol(',') && key("utilization") && real() && symbol('}'))) {
        return null;
      }
      return new DeviceStatus(index, health, temperature, power, real);
    }

    private TaskStatus task() {
      if (!(symbol('{') && key("taskId") && string())) {
        return null;
      }
      String taskId = text;
      TaskPhase phase = symbol(',') && key("phase") && string() ? named(PHASES, text) : null;
      if (phase == null || !(symbol(',') && key("exitCode") && integer(Integer.MAX_VALUE))) {
        return null;
      }
      int exitCode = (int) integer;
      if (!(symbol(',') && key("message") && string() && symbol('}'))) {
        return null;
      }
      return new TaskStatus(taskId, phase, exitCode, text);
    }

    /** Consumes {@code "name":}, whitespace allowed around the colon. */
    private boolean key(String name) {
      skipWhitespace();
      int length = name.length();
      if (at + length + 2 > in.length || in[at] != '"' || in[at + length + 1] != '"') {
        return false;
      }
      for (int i = 0; i < length; i++) {
        if (in[at + 1 + i] != name.charAt(i)) {
          return false;
        }
      }
      at += length + 2;
      return symbol(':');
    }

    private boolean symbol(char expected) {
      skipWhitespace();
      if (at < in.length && in[at] == expected) {
        at++;
        return true;
      }
      return false;
    }

    /** A string of printable ASCII without escapes, into {@link #text}. */
    private boolean string() {
      if (!symbol('"')) {
        return false;
      }
      int start = at;
      while (at < in.length && in[at] != '"') {
        byte b = in[at];
        if (b == '\\' || b < 0x20) { // negative too: a UTF-8 sequence
          return false;
        }
        at++;
      }
      if (at == in.length) {
        return false;
      }
      text = new String(in, start, at - start, StandardCharsets.US_ASCII);
      at++;
      return true;
    }

    /** An integer within {@code [-max - 1, max]}, into {@link #integer}. */
    private boolean integer(long max) {
      skipWhitespace();
      boolean negative = at < in.length && in[at] == '-';
      if (negative) {
        at++;
      }
      int start = at;
      long value = 0;
      while (at < in.length && isDigit(in[at])) {
        int digit = in[at++] - '0';
        if (value > (Long.MAX_VALUE - digit) / 10) {
          return false; // beyond a long: data binding says so
        }
        value = value * 10 + digit;
      }
      if (!plainDigits(start) || at < in.length && (in[at] == '.' || (in[at] | 0x20) == 'e')) {
        return false;
      }
      if ((negative ? value - 1 : value) > max || negative && value == 0) {
        return false;
      }
      integer = negative ? -value : value;
      return true;
    }

    /**
     * A number, into {@link #real}. Without an exponent and up to {@value #EXACT_DIGITS} digits it
     * is its digits divided by a power of ten: both are doubles exactly and division rounds
     * correctly, so the result is what the JDK's parse of the text gives. Otherwise the JDK parses
     * it.
     */
    private boolean real() {
      skipWhitespace();
      int first = at;
      boolean negative = at < in.length && in[at] == '-';
      if (negative) {
        at++;
      }
      int start = at;
      long digits = 0;
      while (at < in.length && isDigit(in[at])) {
        digits = at - start < EXACT_DIGITS ? digits * 10 + (in[at] - '0') : digits;
        at++;
      }
      int integerDigits = at - start;
      if (!plainDigits(start)) {
        return false;
      }
      int fractionDigits = 0;
      if (at < in.length && in[at] == '.') {
        at++;
        while (at < in.length && isDigit(in[at])) {
          digits =
              integerDigits + fractionDigits < EXACT_DIGITS ? digits * 10 + (in[at] - '0') : digits;
          fractionDigits++;
          at++;
        }
        if (fractionDigits == 0) {
          return false;
        }
      } else if (negative && digits == 0) {
        return false; // "-0" binds as 0.0, not -0.0: data binding decides
      }
      boolean exponent = at < in.length && (in[at] | 0x20) == 'e';
      if (exponent) {
        at++;
        if (at < in.length && (in[at] == '-' || in[at] == '+')) {
          at++;
        }
        int exponentStart = at;
        while (at < in.length && isDigit(in[at])) {
          at++;
        }
        if (at == exponentStart) {
          return false;
        }
      }
      if (at - first > LONGEST_NUMBER) {
        return false;
      }
      if (!exponent && integerDigits + fractionDigits <= EXACT_DIGITS) {
        double value = digits / POWERS_OF_TEN[fractionDigits];
        real = negative ? -value : value;
      } else if (fractionDigits > 0 || exponent) {
        real = Double.parseDouble(new String(in, first, at - first, StandardCharsets.US_ASCII));
      } else {
        return false; // a long integer for a double: data binding decides
      }
      return true;
    }

    /** Whether the digits from {@code start} to here are a JSON number's: some, no leading 0. */
    private boolean plainDigits(int start) {
      int count = at - start;
      return count > 0 && !(count > 1 && in[start] == '0');
    }

    private boolean end() {
      skipWhitespace();
      return at == in.length;
    }

    private void skipWhitespace() {
      while (at < in.length) {
        byte b = in[at];
        if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
          return;
        }
        at++;
      }
    }

    private static boolean isDigit(byte b) {
      return b >= '0' && b <= '9';
    }
  }

  /** The constant of {@code constants} so named; null for none. */
  private static <E extends Enum<E>> E named(E[] constants, String name) {
    for (E constant : constants) {
      if (constant.name().equals(name)) {
        return constant;
      }
    }
    return null;
  }
}
