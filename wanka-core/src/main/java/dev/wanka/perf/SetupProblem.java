package dev.wanka.perf;

/**
 * A configuration the estimator cannot run, and why.
 *
 * @param field the input at fault, as named in {@link TrainingSetup} ({@code tp}, {@code
 *     globalBatch}, ...) so a front end can map it to its own flag or key
 * @param message what is wrong and what is allowed
 */
public record SetupProblem(String field, String message) {}
