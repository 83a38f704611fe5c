package dev.wanka.cli;

import dev.wanka.api.ApiException;
import dev.wanka.api.FieldProblem;
import dev.wanka.api.Problem;
import dev.wanka.spec.SourceLocation;
import dev.wanka.spec.SpecProblem;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * A server's refusal, or a server that could not be reached, told on stderr: the problem's title
 * and detail, then one line per field problem ({@code file:line:col: field: message} when the field
 * is in a submitted file), never a stack trace.
 *
 * <p>Exit codes: 2 when the server refused the request as wrong (HTTP 4xx: a bad spec, an unknown
 * id, a missing permission or a bad token), which retrying as is cannot fix; 1 otherwise (HTTP 408
 * and 429, which are worth retrying, HTTP 5xx, and a server that cannot be reached).
 */
final class ServerErrors {
  private static final String CONNECT_HINT = "(is the server running?)";

  private ServerErrors() {}

  /**
   * Prints the failure and returns its exit code.
   *
   * @param source the submitted file as the user named it, for field problems with a line; empty
   *     when no file was sent
   */
  static int report(ApiException exception, String source, PrintWriter err) {
    Problem problem = exception.problem();
    String detail = Objects.toString(problem.detail(), "");
    if (problem.status() == 0) {
      err.println(
          "error: "
              + detail.replace(CONNECT_HINT, "(is the server running? start one with `wanka up`)"));
      return ExitCodes.FAILURE;
    }
    StringBuilder headline = new StringBuilder("error: ").append(problem.title());
    if (!detail.isBlank()) {
      headline.append(": ").append(detail);
    }
    err.println(headline.append(" (HTTP ").append(problem.status()).append(')'));
    for (FieldProblem field : problem.errors()) {
      err.println("error: " + format(field, source));
    }
    return exitCode(problem.status());
  }

  static int exitCode(int status) {
    boolean refusedAsWrong = status >= 400 && status < 500 && status != 408 && status != 429;
    return refusedAsWrong ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
  }

  private static String format(FieldProblem field, String source) {
    String name = Objects.toString(field.field(), "");
    String message = Objects.toString(field.message(), "");
    if (field.line() <= 0) {
      return name.isEmpty() ? message : name + ": " + message;
    }
    String where = source.isEmpty() ? "line" : source;
    return new SpecProblem(new SourceLocation(where, field.line(), field.column()), name, message)
        .format();
  }
}
