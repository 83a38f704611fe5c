package dev.wanka.server.control;

import dev.wanka.api.FieldProblem;
import java.util.List;

/**
 * A request the control plane refuses: the HTTP status, a title, a detail and the fields to blame.
 * The HTTP layer turns it into {@code application/problem+json}.
 */
public final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final transient List<FieldProblem> fields;

  public ApiProblem(int status, String title, String detail, List<FieldProblem> fields) {
    super(detail);
    this.status = status;
    this.title = title;
    this.fields = List.copyOf(fields);
  }

  public static ApiProblem notFound(String what) {
    return new ApiProblem(404, "Not found", what, List.of());
  }

  public static ApiProblem forbidden(String why) {
    return new ApiProblem(403, "Forbidden", why, List.of());
  }

  /** A bad field: 422 with the field named. */
  public static ApiProblem invalid(String field, String message) {
    return ofField(422, "Invalid request", field, message);
  }

  /** A body that is not the JSON expected: 400 with the field named ("body" for all of it). */
  public static ApiProblem malformed(String field, String message) {
    return ofField(400, "Malformed JSON", field, message);
  }

  private static ApiProblem ofField(int status, String title, String field, String message) {
    return new ApiProblem(
        status, title, field + ": " + message, List.of(new FieldProblem(field, message, 0, 0)));
  }

  public static ApiProblem conflict(String why) {
    return new ApiProblem(409, "Conflict", why, List.of());
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<FieldProblem> fields() {
    return fields;
  }
}
