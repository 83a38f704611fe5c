package dev.wanka.api;

import java.util.List;

/**
 * An error body, {@code application/problem+json} (RFC 9457).
 *
 * @param type a URI naming the kind of problem ({@code about:blank} when the status says it all)
 * @param errors one entry per bad field; empty when no field is to blame
 */
public record Problem(
    String type, String title, int status, String detail, List<FieldProblem> errors) {
  public Problem {
    errors = List.copyOf(errors);
  }
}
