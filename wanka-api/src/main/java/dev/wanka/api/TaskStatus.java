package dev.wanka.api;

/**
 * A task in a heartbeat. An agent keeps reporting an ended task until the server stops listing it
 * among the node's tasks, so an exit is never lost to a dropped request.
 *
 * @param exitCode the process's exit code once EXITED (128 + signal when killed by one); -1 before
 * @param message why a task failed to start; empty otherwise
 */
public record TaskStatus(String taskId, TaskPhase phase, int exitCode, String message) {}
