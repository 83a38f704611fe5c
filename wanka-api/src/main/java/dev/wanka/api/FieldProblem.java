package dev.wanka.api;

/**
 * One mistake in a request.
 *
 * @param field the field's path, e.g. {@code spec.devices} or {@code metadata.name}
 * @param message the bad value and what is allowed
 * @param line 1-based line in a submitted file, 0 when not from a file
 */
public record FieldProblem(String field, String message, int line, int column) {}
