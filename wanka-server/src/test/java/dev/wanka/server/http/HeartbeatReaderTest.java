package dev.wanka.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.DeviceStatus;
import dev.wanka.api.Health;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.TaskPhase;
import dev.wanka.api.TaskStatus;
import dev.wanka.api.WireJson;
import dev.wanka.server.control.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.ObjectReader;

/**
 * The streaming heartbeat reader must give what data binding gives: the same heartbeat, or the same
 * refusal naming the same field.
 */
class HeartbeatReaderTest {
  private static final ObjectReader BOUND = JsonBodies.readerFor(Heartbeat.class);

  @Test
  void readsWhatAgentsSendAsDataBindingDoes() {
    Random random = new Random(20261201);
    for (int i = 0; i < 2_000; i++) {
      Heartbeat sent = randomHeartbeat(random);
      byte[] body = WireJson.write(sent).getBytes(StandardCharsets.UTF_8);

      assertThat(HeartbeatReader.read(body))
          .isEqualTo(sent)
          .isEqualTo(JsonBodies.read(BOUND, body));
      if (sent.tasks().stream().allMatch(t -> t.message().isEmpty())) {
        assertThat(HeartbeatReader.scanned(body)).as("scanned, not bound").isEqualTo(sent);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "null",
        "[]",
        "\"beat\"",
        "{}",
        "{\"sequence\": 1, \"devices\": []}",
        "{\"sequence\": 1, \"tasks\": []}",
        "{\"devices\": [], \"tasks\": []}",
        "{\"sequence\": \"7\", \"devices\": [], \"tasks\": []}",
        "{\"sequence\": 7.0, \"devices\": [], \"tasks\": []}",
        "{\"sequence\": null, \"devices\": [], \"tasks\": []}",
        "{\"sequence\": 99999999999999999999, \"devices\": [], \"tasks\": []}",
        "{\"sequence\": 1, \"devices\": null, \"tasks\": []}",
        "{\"sequence\": 1, \"devices\": {}, \"tasks\": []}",
        "{\"sequence\": 1, \"devices\": [null], \"tasks\": []}",
        "{\"sequence\": 1, \"devices\": [7], \"tasks\": []}",
        "{\"sequence\": 1, \"devices\": [{\"index\": 0}], \"tasks\": []}",
        "{\"sequence\": 1, \"devices\": [{\"index\": \"3\", \"health\": \"OK\","
            + " \"temperatureCelsius\": 1, \"powerWatts\": 2, \"utilization\": 0.5}], \"tasks\": []}",
        "{\"sequence\": 1, \"devices\": [{\"index\": 3, \"health\": \"ok\","
            + " \"temperatureCelsius\": 1, \"powerWatts\": 2, \"utilization\": 0.5}], \"tasks\": []}",
        "{\"sequence\": 1, \"devices\": [{\"index\": 3, \"health\": \"OK\","
            + " \"temperatureCelsius\": \"NaN\", \"powerWatts\": -1, \"utilization\": 1}], \"tasks\": []}",
        "{\"sequence\": 1, \"devices\": [{\"index\": 3, \"health\": \"OK\", \"extra\": {\"a\": [1]},"
            + " \"temperatureCelsius\": 1, \"powerWatts\": 2, \"utilization\": 0.5}], \"tasks\": []}",
        "{\"sequence\": 1, \"devices\": [], \"tasks\": [{}]}",
        "{\"sequence\": 1, \"devices\": [], \"tasks\": [{\"taskId\": \"j1-a1-n0\", \"phase\":"
            + " \"EXITED\", \"exitCode\": 3}]}",
        "{\"sequence\": 1, \"devices\": [], \"tasks\": [{\"taskId\": \"j1-a1-n0\", \"phase\":"
            + " \"GONE\", \"exitCode\": 3, \"message\": \"\"}]}",
        "{\"sequence\": 1, \"devices\": [], \"tasks\": [{\"taskId\": 12, \"phase\":"
            + " \"EXITED\", \"exitCode\": 3, \"message\": \"\"}]}",
        "{\"sequence\": 1, \"devices\": [], \"tasks\": [{\"taskId\": \"t\", \"phase\":"
            + " \"EXITED\", \"exitCode\": 3, \"message\": null}]}",
        "{\"sequence\": 1, \"devices\": [], \"tasks\": [], \"sequence\": 2}",
        "{\"sequence\": 1, \"devices\": [], \"tasks\": [], \"devices\": \"none\"}",
        "{\"sequence\": {\"sequence\": 5}, \"devices\": [], \"tasks\": []}",
        "{\"unknown\": [1, {\"devices\": 2}], \"sequence\": 1, \"devices\": [], \"tasks\": []}",
        "{\"sequence\": 1, \"devices\": [], \"tasks\": []} trailing",
        "{\"sequence\": 1, \"devices\": [], \"tasks\": [",
        "{\"sequence\": 1,, \"devices\": [], \"tasks\": []}",
        "{\"sequence\":1,\"devices\":[{\"index\":0,\"health\":\"OK\",\"temperatureCelsius\":-0,\"powerWatts\":1,\"utilization\":0.5}],\"tasks\":[]}",
        "{\"sequence\":1,\"devices\":[{\"index\":0,\"health\":\"OK\",\"temperatureCelsius\":-0.0,\"powerWatts\":1e2,\"utilization\":0.5}],\"tasks\":[]}",
        "{\"sequence\":1,\"devices\":[{\"index\":0,\"health\":\"OK\",\"temperatureCelsius\":012,\"powerWatts\":1,\"utilization\":0.5}],\"tasks\":[]}",
        "{\"sequence\":1,\"devices\":[{\"index\":2147483648,\"health\":\"OK\",\"temperatureCelsius\":1,\"powerWatts\":1,\"utilization\":0.5}],\"tasks\":[]}",
        "{\"sequence\":1,\"devices\":[{\"index\":-2147483648,\"health\":\"OK\",\"temperatureCelsius\":1,\"powerWatts\":1,\"utilization\":0.5}],\"tasks\":[]}",
        "{\"sequence\":1,\"devices\":[{\"index\":1,\"health\":\"OK\",\"temperatureCelsius\":12345678901234567890,\"powerWatts\":1,\"utilization\":0.5}],\"tasks\":[]}",
        "{\"sequence\":1,\"devices\":[{\"index\":1,\"health\":\"OK\",\"temperatureCelsius\":1234567890.1234567890,\"powerWatts\":-7.25,\"utilization\":1.}],\"tasks\":[]}",
        "{\"sequence\":1,\"devices\":[{\"index\":1,\"health\":\"OK\",\"temperatureCelsius\":.5,\"powerWatts\":1,\"utilization\":1}],\"tasks\":[]}",
        "{\"sequence\":-5,\"devices\":[],\"tasks\":[]}",
        "{\"sequence\":999999999999999999,\"devices\":[],\"tasks\":[]}",
        "{\"sequence\":1.5,\"devices\":[],\"tasks\":[]}",
        "{\"devices\":[],\"sequence\":1,\"tasks\":[]}",
        "{ \"sequence\" : 1 , \"devices\" : [ { \"index\" : 2 , \"health\" : \"FAILED\" , \"temperatureCelsius\" : 81.5 , \"powerWatts\" : 700 , \"utilization\" : 1 } ] , \"tasks\" : [ ] }\n",
        "{\"sequence\":1,\"devices\":[],\"tasks\":[{\"taskId\":\"t\",\"phase\":\"EXITED\",\"exitCode\":-2147483649,\"message\":\"\"}]}",
        "{\"sequence\":1,\"devices\":[],\"tasks\":[{\"taskId\":\"t\u00e9\",\"phase\":\"EXITED\",\"exitCode\":1,\"message\":\"\u00e9\"}]}",
        "{\"sequence\":1,\"devices\":[],\"tasks\":[{\"taskId\":\"t\\u0041\",\"phase\":\"EXITED\",\"exitCode\":1,\"message\":\"a\\tb\"}]}",
        "{\"sequence\":1,\"devices\":[],\"tasks\":[]}{}",
        ""
      })
  void anythingElseIsAcceptedOrRefusedAsDataBindingDoes(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    assertThat(outcome(HeartbeatReader::read, bytes))
        .isEqualTo(outcome(b -> JsonBodies.read(BOUND, b), bytes));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{ \"sequence\" : 1 , \"devices\" : [ { \"index\" : 2 , \"health\" : \"FAILED\" ,"
            + " \"temperatureCelsius\" : 81.5 , \"powerWatts\" : 700 , \"utilization\" : 1 } ] ,"
            + " \"tasks\" : [ ] }\n",
        "{\"sequence\":-5,\"devices\":[{\"index\":-2147483648,\"health\":\"OK\","
            + "\"temperatureCelsius\":-0.0,\"powerWatts\":1234567890.1234567890,"
            + "\"utilization\":0.30000000000000004}],\"tasks\":[{\"taskId\":\"j1-a1-n0\","
            + "\"phase\":\"FAILED_TO_START\",\"exitCode\":-1,\"message\":\"no such file\"}]}",
        "{\"sequence\":7,\"devices\":[{\"index\":0,\"health\":\"DEGRADED\","
            + "\"temperatureCelsius\":1E+2,\"powerWatts\":7.0E7,"
            + "\"utilization\":1.3367702609312637E-4}],\"tasks\":[]}"
      })
  void theAgentsFormIsScannedWithWhitespaceSignsAndLongFractions(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    assertThat(HeartbeatReader.scanned(bytes)).isNotNull().isEqualTo(JsonBodies.read(BOUND, bytes));
  }

  @Test
  void decimalsOfUpToFifteenDigitsAreScannedAsTheJdkParsesThem() {
    Random random = new Random(15);
    for (int i = 0; i < 20_000; i++) {
      int digits = 1 + random.nextInt(15);
      String number = Long.toString((long) (random.nextDouble() * Math.pow(10, digits)));
      int point = random.nextInt(number.length());
      String decimal =
          (random.nextBoolean() ? "-" : "")
              + (point == 0 ? "0" : number.substring(0, point))
              + "."
              + (point == number.length() ? "0" : number.substring(point));
      byte[] body =
          ("{\"sequence\":1,\"devices\":[{\"index\":0,\"health\":\"OK\",\"temperatureCelsius\":"
                  + decimal
                  + ",\"powerWatts\":1,\"utilization\":0}],\"tasks\":[]}")
              .getBytes(StandardCharsets.UTF_8);

      assertThat(HeartbeatReader.scanned(body).devices().get(0).temperatureCelsius())
          .as(decimal)
          .isEqualTo(Double.parseDouble(decimal));
    }
  }

  @Test
  void aNumberLongerThanTheScanTakesIsLeftToDataBinding() {
    byte[] body =
        ("{\"sequence\":1,\"devices\":[{\"index\":0,\"health\":\"OK\",\"temperatureCelsius\":0.5"
                + "0".repeat(1_000)
                + ",\"powerWatts\":1,\"utilization\":0}],\"tasks\":[]}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(HeartbeatReader.scanned(body)).isNull();
    assertThat(outcome(HeartbeatReader::read, body))
        .isEqualTo(outcome(b -> JsonBodies.read(BOUND, b), body));
  }

  /** The heartbeat read, or the refusal's status and fields. */
  private static Object outcome(Function<byte[], Heartbeat> reader, byte[] body) {
    try {
      return reader.apply(body);
    } catch (ApiProblem e) {
      return e.status() + " " + e.fields();
    }
  }

  private static Heartbeat randomHeartbeat(Random random) {
    List<DeviceStatus> devices = new ArrayList<>();
    for (int d = random.nextInt(17); d > 0; d--) {
      devices.add(
          new DeviceStatus(
              random.nextInt(128),
              Health.values()[random.nextInt(Health.values().length)],
              random.nextBoolean() ? -1 : random.nextDouble() * 100,
              random.nextBoolean() ? random.nextInt(1000) : random.nextDouble() * 1000,
              random.nextDouble()));
    }
    List<TaskStatus> tasks = new ArrayList<>();
    for (int t = random.nextInt(4); t > 0; t--) {
      tasks.add(
          new TaskStatus(
              "j" + random.nextInt(1_000_000) + "-a" + random.nextInt(9) + "-n" + random.nextInt(4),
              TaskPhase.values()[random.nextInt(TaskPhase.values().length)],
              random.nextInt(300) - 1,
              random.nextBoolean() ? "" : "exec failed: \"no\" such \u00e9 file\n"));
    }
    return new Heartbeat(random.nextLong() & Long.MAX_VALUE, devices, tasks);
  }
}
