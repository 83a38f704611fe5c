package dev.wanka.server.http;

import dev.wanka.api.Role;
import io.javalin.http.Handler;
import java.lang.reflect.Type;
import java.util.List;

/**
 * One endpoint of REST API v1: what the server routes and what its OpenAPI document lists, from one
 * declaration.
 *
 * @param path Javalin's syntax: {@code /api/v1/jobs/{id}}
 * @param roles who may call it; empty for any authenticated caller
 * @param requestBody the JSON body's type; null for none ({@link String} for YAML or text)
 * @param response the JSON reply's type (a {@code List<X>} type for arrays); null for text
 */
record Route(
    String method,
    String path,
    String summary,
    List<Role> roles,
    Type requestBody,
    Type response,
    int status,
    Handler handler) {
  Route {
    roles = List.copyOf(roles);
  }
}
