package dev.wanka.server.http;

import dev.wanka.api.Role;
import dev.wanka.server.auth.Principal;
import dev.wanka.server.control.ApiProblem;
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
 * @param handler Javalin's handler; null for a route served ahead of Javalin ({@link
 *     HeartbeatHandler})
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

  /** {@code METHOD /path}, as metrics and messages name the route. */
  String name() {
    return method + " " + path;
  }

  /** Refuses (403) a caller whose role may not call this route. */
  void checkRole(Principal caller) {
    if (!roles.isEmpty() && !roles.contains(caller.role())) {
      throw ApiProblem.forbidden(
          name() + " needs the role " + roles + "; your token is " + caller.role());
    }
  }
}
