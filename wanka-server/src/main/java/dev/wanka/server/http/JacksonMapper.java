package dev.wanka.server.http;

import dev.wanka.api.WireJson;
import io.javalin.json.JsonMapper;
import java.lang.reflect.Type;

/**
 * Javalin's JSON through the wire's Jackson 3 mapper, reading as strictly as {@link JsonBodies}.
 */
final class JacksonMapper implements JsonMapper {
  @Override
  public String toJsonString(Object obj, Type type) {
    return WireJson.MAPPER.writeValueAsString(obj);
  }

  @Override
  public <T> T fromJsonString(String json, Type targetType) {
    return JsonBodies.STRICT.readValue(json, JsonBodies.STRICT.constructType(targetType));
  }
}
