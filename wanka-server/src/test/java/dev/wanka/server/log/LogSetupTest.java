package dev.wanka.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.WireJson;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogSetupTest {
  private static LogRecord record(String message, Object... parameters) {
    LogRecord record = new LogRecord(Level.WARNING, message);
    record.setLoggerName("dev.wanka.server.control.ControlPlane");
    record.setMillis(1_796_086_728_000L);
    record.setParameters(parameters);
    return record;
  }

  @Test
  void jsonLinesAreOneParseableObjectPerLineWithEscapes() {
    String line =
        new LogSetup.JsonLines()
            .format(record("node {0} is \"NotReady\"\n\tno heartbeat", "gpu-7"));
    assertThat(line).endsWith(System.lineSeparator()).doesNotContain("\n\t");
    @SuppressWarnings("unchecked")
    Map<String, Object> json = WireJson.read(line.trim(), Map.class);
    assertThat(json)
        .containsEntry("time", "2026-12-01T00:58:48Z")
        .containsEntry("level", "WARNING")
        .containsEntry("logger", "dev.wanka.server.control.ControlPlane")
        .containsEntry("message", "node gpu-7 is \"NotReady\"\n\tno heartbeat");
  }

  @Test
  void anExceptionGoesIntoItsOwnField() {
    LogRecord record = record("cycle failed");
    record.setThrown(new IllegalStateException("boom"));
    @SuppressWarnings("unchecked")
    Map<String, Object> json =
        WireJson.read(new LogSetup.JsonLines().format(record).trim(), Map.class);
    assertThat((String) json.get("exception")).startsWith("java.lang.IllegalStateException: boom");
  }

  @Test
  void textLinesNameTheTimeLevelAndClass() {
    assertThat(new LogSetup.TextLines().format(record("node {0} lost", "gpu-7")))
        .isEqualTo(
            "2026-12-01T00:58:48Z WARNING ControlPlane  node gpu-7 lost" + System.lineSeparator());
  }
}
