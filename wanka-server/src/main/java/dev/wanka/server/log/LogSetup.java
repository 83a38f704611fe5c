package dev.wanka.server.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes every log line of the process (Wanka's System.Logger calls, and Jetty, Flyway and Hikari
 * through SLF4J and java.util.logging) to stderr in one format. Libraries' chatter below WARNING is
 * dropped; Wanka's own lines from INFO up are kept.
 */
public final class LogSetup {
  private LogSetup() {}

  public static void configure(LogFormat format) {
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    ConsoleHandler handler = new ConsoleHandler();
    handler.setLevel(Level.ALL);
    handler.setFormatter(format == LogFormat.JSON ? new JsonLines() : new TextLines());
    root.addHandler(handler);
    root.setLevel(Level.WARNING);
    Logger.getLogger("dev.wanka").setLevel(Level.INFO);
  }

  private static String thrown(LogRecord record) {
    if (record.getThrown() == null) {
      return "";
    }
    StringWriter text = new StringWriter();
    record.getThrown().printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  private static String shortName(String logger) {
    if (logger == null) {
      return "";
    }
    int dot = logger.lastIndexOf('.');
    return dot < 0 ? logger : logger.substring(dot + 1);
  }

  /** {@code 2026-12-01T10:00:00.123Z INFO ControlPlane node n1 registered ...} */
  static final class TextLines extends Formatter {
    @Override
    public String format(LogRecord record) {
      String line =
          Instant.ofEpochMilli(record.getMillis())
              + " "
              + String.format("%-7s", record.getLevel().getName())
              + " "
              + shortName(record.getLoggerName())
              + "  "
              + formatMessage(record)
              + System.lineSeparator();
      return line + thrown(record);
    }
  }

  /** One JSON object per line: time, level, logger, message, and the exception if any. */
  static final class JsonLines extends Formatter {
    @Override
    public String format(LogRecord record) {
      StringBuilder json = new StringBuilder("{");
      field(json, "time", Instant.ofEpochMilli(record.getMillis()).toString()).append(',');
      field(json, "level", record.getLevel().getName()).append(',');
      field(json, "logger", record.getLoggerName() == null ? "" : record.getLoggerName())
          .append(',');
      field(json, "message", formatMessage(record));
      String thrown = thrown(record);
      if (!thrown.isEmpty()) {
        json.append(',');
        field(json, "exception", thrown);
      }
      return json.append('}').append(System.lineSeparator()).toString();
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
      json.append('"').append(name).append("\":\"");
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '"':
            json.append("\\\"");
            break;
          case '\\':
            json.append("\\\\");
            break;
          case '\n':
            json.append("\\n");
            break;
          case '\r':
            json.append("\\r");
            break;
          case '\t':
            json.append("\\t");
            break;
          default:
            if (c < 0x20) {
              json.append(String.format("\\u%04x", (int) c));
            } else {
              json.append(c);
            }
        }
      }
      return json.append('"');
    }
  }
}
