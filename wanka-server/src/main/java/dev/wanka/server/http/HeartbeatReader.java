package dev.wanka.server.http;

import dev.wanka.api.DeviceStatus;
import dev.wanka.api.Health;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.TaskPhase;
import dev.wanka.api.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectReader;

/**
 * Reads a heartbeat with Jackson's streaming parser, four times cheaper than data binding, which
 * builds each of a node's device records through a method handle. It reads only the form an agent
 * sends: every field present, each of its JSON type (unknown fields are skipped). Anything else,
 * malformed or merely unusual, is read by data binding ({@link JsonBodies}), which accepts or
 * refuses it exactly as any other request body; so both give the same heartbeat or the same error.
 */
final class HeartbeatReader {
  private static final ObjectReader BOUND = JsonBodies.readerFor(Heartbeat.class);

  private HeartbeatReader() {}

  static Heartbeat read(byte[] body) {
    Heartbeat heartbeat = streamed(body);
    return heartbeat != null ? heartbeat : JsonBodies.read(BOUND, body);
  }

  /** The heartbeat when the body is in the agent's form; null otherwise. */
  static Heartbeat streamed(byte[] body) {
    try (JsonParser parser = JsonBodies.STRICT.createParser(body)) {
      return heartbeat(parser);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The heartbeat in the agent's form, or null as soon as anything departs from it. */
  private static Heartbeat heartbeat(JsonParser parser) {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    long sequence = 0;
    List<DeviceStatus> devices = null;
    List<TaskStatus> tasks = null;
    int seen = 0;
    for (String field = parser.nextName(); field != null; field = parser.nextName()) {
      JsonToken value = parser.nextToken();
      switch (field) {
        case "sequence" -> {
          if (value != JsonToken.VALUE_NUMBER_INT) {
            return null;
          }
          sequence = parser.getLongValue();
          seen |= 1;
        }
        case "devices" -> {
          devices = value == JsonToken.START_ARRAY ? list(parser, HeartbeatReader::device) : null;
          if (devices == null) {
            return null;
          }
          seen |= 2;
        }
        case "tasks" -> {
          tasks = value == JsonToken.START_ARRAY ? list(parser, HeartbeatReader::task) : null;
          if (tasks == null) {
            return null;
          }
          seen |= 4;
        }
        default -> parser.skipChildren();
      }
    }
    boolean wholeBody = parser.nextToken() == null;
    return seen == 7 && wholeBody ? new Heartbeat(sequence, devices, tasks) : null;
  }

  /** The elements of the array the parser is at, or null as soon as one is not read. */
  private static <T> List<T> list(JsonParser parser, Function<JsonParser, T> element) {
    List<T> list = new ArrayList<>(8);
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      T value = element.apply(parser);
      if (value == null) {
        return null;
      }
      list.add(value);
    }
    return parser.currentToken() == JsonToken.END_ARRAY ? list : null;
  }

  private static DeviceStatus device(JsonParser parser) {
    int index = 0;
    Health health = null;
    double temperature = 0;
    double power = 0;
    double utilization = 0;
    int seen = 0;
    for (String field = parser.nextName(); field != null; field = parser.nextName()) {
      JsonToken value = parser.nextToken();
      switch (field) {
        case "index" -> {
          if (value != JsonToken.VALUE_NUMBER_INT) {
            return null;
          }
          index = parser.getIntValue();
          seen |= 1;
        }
        case "health" -> {
          health = value == JsonToken.VALUE_STRING ? health(parser.getString()) : null;
          if (health == null) {
            return null;
          }
          seen |= 2;
        }
        case "temperatureCelsius" -> {
          if (!isNumber(value)) {
            return null;
          }
          temperature = parser.getDoubleValue();
          seen |= 4;
        }
        case "powerWatts" -> {
          if (!isNumber(value)) {
            return null;
          }
          power = parser.getDoubleValue();
          seen |= 8;
        }
        case "utilization" -> {
          if (!isNumber(value)) {
            return null;
          }
          utilization = parser.getDoubleValue();
          seen |= 16;
        }
        default -> parser.skipChildren();
      }
    }
    return seen == 31 ? new DeviceStatus(index, health, temperature, power, utilization) : null;
  }

  private static TaskStatus task(JsonParser parser) {
    String taskId = null;
    TaskPhase phase = null;
    int exitCode = 0;
    String message = null;
    int seen = 0;
    for (String field = parser.nextName(); field != null; field = parser.nextName()) {
      JsonToken value = parser.nextToken();
      switch (field) {
        case "taskId" -> {
          taskId = value == JsonToken.VALUE_STRING ? parser.getString() : null;
          if (taskId == null) {
            return null;
          }
          seen |= 1;
        }
        case "phase" -> {
          phase = value == JsonToken.VALUE_STRING ? phase(parser.getString()) : null;
          if (phase == null) {
            return null;
          }
          seen |= 2;
        }
        case "exitCode" -> {
          if (value != JsonToken.VALUE_NUMBER_INT) {
            return null;
          }
          exitCode = parser.getIntValue();
          seen |= 4;
        }
        case "message" -> {
          message = value == JsonToken.VALUE_STRING ? parser.getString() : null;
          if (message == null) {
            return null;
          }
          seen |= 8;
        }
        default -> parser.skipChildren();
      }
    }
    return seen == 15 ? new TaskStatus(taskId, phase, exitCode, message) : null;
  }

  private static boolean isNumber(JsonToken value) {
    return value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT;
  }

  private static Health health(String name) {
    for (Health health : Health.values()) {
      if (health.name().equals(name)) {
        return health;
      }
    }
    return null;
  }

  private static TaskPhase phase(String name) {
    for (TaskPhase phase : TaskPhase.values()) {
      if (phase.name().equals(name)) {
        return phase;
      }
    }
    return null;
  }
}
