package dev.wanka.server.http;

import dev.wanka.api.ApiPaths;
import dev.wanka.api.FieldProblem;
import dev.wanka.api.Problem;
import dev.wanka.api.WireJson;
import io.javalin.http.Context;
import java.util.List;

/** Writes errors as {@code application/problem+json}. */
final class Problems {
  private Problems() {}

  static void write(
      Context ctx, int status, String title, String detail, List<FieldProblem> fields) {
    ctx.status(status)
        .contentType(ApiPaths.PROBLEM_JSON)
        .result(json(status, title, detail, fields));
  }

  /** The problem document's text. */
  static String json(int status, String title, String detail, List<FieldProblem> fields) {
    return WireJson.write(new Problem("about:blank", title, status, detail, fields));
  }
}
