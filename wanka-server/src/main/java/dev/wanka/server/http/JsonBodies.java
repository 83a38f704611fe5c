package dev.wanka.server.http;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import dev.wanka.api.WireJson;
import dev.wanka.server.control.ApiProblem;
import java.lang.reflect.Type;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies read strictly: a field that is missing or null (an object, a text, a list; numbers
 * and booleans default to 0 and false), a null inside a list and a null body are refused with a 400
 * naming the field, instead of reaching the handlers.
 */
final class JsonBodies {
  static final JsonMapper STRICT =
      WireJson.MAPPER
          .rebuild()
          .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
          .changeDefaultNullHandling(n -> JsonSetter.Value.forContentNulls(Nulls.FAIL))
          .build();

  private JsonBodies() {}

  static ObjectReader readerFor(Type type) {
    return STRICT.readerFor(STRICT.constructType(type));
  }

  /** The body as the reader's type: never null. */
  static <T> T read(ObjectReader reader, byte[] body) {
    T value;
    try {
      value = reader.readValue(body);
    } catch (JacksonException e) {
      throw malformed(e);
    }
    if (value == null) {
      throw ApiProblem.malformed("body", "required: a JSON object, not null");
    }
    return value;
  }

  /** A 400 naming the field Jackson stopped at. */
  private static ApiProblem malformed(JacksonException e) {
    return ApiProblem.malformed(fieldPath(e), fieldMessage(e));
  }

  private static String fieldPath(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (var reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "body" : path.toString();
  }

  private static String fieldMessage(JacksonException e) {
    boolean missing =
        e instanceof InvalidNullException
            || e.getOriginalMessage().startsWith("Null value for creator property");
    return missing ? "required: it is missing or null" : e.getOriginalMessage();
  }
}
