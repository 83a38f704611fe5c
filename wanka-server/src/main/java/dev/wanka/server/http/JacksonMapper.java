package dev.wanka.server.http;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import dev.wanka.api.WireJson;
import io.javalin.json.JsonMapper;
import java.lang.reflect.Type;
import tools.jackson.databind.DeserializationFeature;

/**
 * Javalin's JSON through the wire's Jackson 3 mapper. Request bodies are read strictly: a field
 * that is missing or null (an object, a text, a list; numbers and booleans default to 0 and false)
 * and a null inside a list are refused, naming the field, instead of reaching the handlers.
 */
final class JacksonMapper implements JsonMapper {
  private static final tools.jackson.databind.json.JsonMapper READER =
      WireJson.MAPPER
          .rebuild()
          .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
          .changeDefaultNullHandling(n -> JsonSetter.Value.forContentNulls(Nulls.FAIL))
          .build();

  @Override
  public String toJsonString(Object obj, Type type) {
    return WireJson.MAPPER.writeValueAsString(obj);
  }

  @Override
  public <T> T fromJsonString(String json, Type targetType) {
    return READER.readValue(json, READER.constructType(targetType));
  }
}
