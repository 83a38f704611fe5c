package dev.wanka.api;

/**
 * One line of a job's history: submitted, started (with placement), interrupted, requeued, exited,
 * cancelled.
 */
public record JobEvent(long id, long jobId, long atMillis, String type, String message) {}
