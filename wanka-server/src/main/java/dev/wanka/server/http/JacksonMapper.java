package dev.wanka.server.http;

import dev.wanka.api.WireJson;
import io.javalin.json.JsonMapper;
import java.lang.reflect.Type;

/** Javalin's JSON through the wire's Jackson 3 mapper. */
final class JacksonMapper implements JsonMapper {
  @Override
  public String toJsonString(Object obj, Type type) {
    return WireJson.MAPPER.writeValueAsString(obj);
  }

  @Override
  public <T> T fromJsonString(String json, Type targetType) {
    return WireJson.MAPPER.readValue(json, WireJson.MAPPER.constructType(targetType));
  }
}
