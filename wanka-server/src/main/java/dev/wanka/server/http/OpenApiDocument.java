package dev.wanka.server.http;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of REST API v1, built from the server's own route table and the wire
 * records (their components become schemas), so it cannot drift from what the server does.
 */
final class OpenApiDocument {
  private static final Pattern PARAMETER = Pattern.compile("\\{(\\w+)}");

  private final Map<String, Object> schemas = new TreeMap<>();

  private OpenApiDocument() {}

  static Map<String, Object> of(List<Route> routes, String version) {
    return new OpenApiDocument().build(routes, version);
  }

  private Map<String, Object> build(List<Route> routes, String version) {
    Map<String, Object> paths = new TreeMap<>();
    for (Route route : routes) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item =
          (Map<String, Object>) paths.computeIfAbsent(route.path(), p -> new LinkedHashMap<>());
      item.put(route.method().toLowerCase(java.util.Locale.ROOT), operation(route));
    }
    schemas.put("Problem", schema(dev.wanka.api.Problem.class));
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("openapi", "3.1.0");
    document.put(
        "info",
        Map.of(
            "title",
            "Wanka REST API",
            "version",
            version,
            "description",
            "The control plane of a heterogeneous accelerator cluster. Every call needs a bearer"
                + " token; errors are application/problem+json naming the field."));
    document.put("security", List.of(Map.of("bearer", List.of())));
    document.put("paths", paths);
    document.put(
        "components",
        Map.of(
            "schemas",
            schemas,
            "securitySchemes",
            Map.of("bearer", Map.of("type", "http", "scheme", "bearer"))));
    return document;
  }

  private Map<String, Object> operation(Route route) {
    Map<String, Object> operation = new LinkedHashMap<>();
    operation.put("summary", route.summary());
    if (!route.roles().isEmpty()) {
      operation.put("description", "Roles: " + route.roles());
    }
    List<Object> parameters = new ArrayList<>();
    Matcher matcher = PARAMETER.matcher(route.path());
    while (matcher.find()) {
      parameters.add(
          Map.of(
              "name",
              matcher.group(1),
              "in",
              "path",
              "required",
              true,
              "schema",
              Map.of("type", "string")));
    }
    if (!parameters.isEmpty()) {
      operation.put("parameters", parameters);
    }
    if (route.requestBody() == String.class) {
      operation.put(
          "requestBody",
          Map.of(
              "content",
              Map.of(
                  "application/yaml", Map.of("schema", Map.of("type", "string")),
                  "application/json", Map.of("schema", Map.of("type", "object")))));
    } else if (route.requestBody() != null) {
      operation.put(
          "requestBody",
          Map.of(
              "content", Map.of("application/json", Map.of("schema", ref(route.requestBody())))));
    }
    Map<String, Object> responses = new LinkedHashMap<>();
    Map<String, Object> ok = new LinkedHashMap<>();
    ok.put("description", "OK");
    if (route.response() != null) {
      ok.put("content", Map.of("application/json", Map.of("schema", ref(route.response()))));
    }
    responses.put(Integer.toString(route.status()), ok);
    responses.put(
        "default",
        Map.of(
            "description",
            "An error",
            "content",
            Map.of(
                "application/problem+json",
                Map.of("schema", Map.of("$ref", "#/components/schemas/Problem")))));
    operation.put("responses", responses);
    return operation;
  }

  private Map<String, Object> ref(Type type) {
    if (type instanceof ParameterizedType parameterized) {
      Type raw = parameterized.getRawType();
      Type[] arguments = parameterized.getActualTypeArguments();
      if (raw == List.class) {
        return Map.of("type", "array", "items", ref(arguments[0]));
      }
      if (raw == Map.class) {
        return Map.of("type", "object", "additionalProperties", ref(arguments[1]));
      }
    }
    Class<?> type1 = (Class<?>) type;
    if (type1 == String.class) {
      return Map.of("type", "string");
    }
    if (type1 == int.class
        || type1 == long.class
        || type1 == Integer.class
        || type1 == Long.class) {
      return Map.of("type", "integer");
    }
    if (type1 == double.class || type1 == Double.class) {
      return Map.of("type", "number");
    }
    if (type1 == boolean.class || type1 == Boolean.class) {
      return Map.of("type", "boolean");
    }
    if (type1.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object constant : type1.getEnumConstants()) {
        names.add(((Enum<?>) constant).name());
      }
      return Map.of("type", "string", "enum", names);
    }
    if (type1.isRecord()) {
      if (!schemas.containsKey(type1.getSimpleName())) {
        schemas.put(type1.getSimpleName(), Map.of());
        schemas.put(type1.getSimpleName(), schema(type1));
      }
      return Map.of("$ref", "#/components/schemas/" + type1.getSimpleName());
    }
    return Map.of("type", "object");
  }

  private Map<String, Object> schema(Class<?> record) {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (RecordComponent component : record.getRecordComponents()) {
      properties.put(component.getName(), ref(component.getGenericType()));
      required.add(component.getName());
    }
    return Map.of("type", "object", "properties", properties, "required", required);
  }
}
