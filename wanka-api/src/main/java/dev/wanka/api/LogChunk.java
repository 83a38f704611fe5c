package dev.wanka.api;

/**
 * Part of a job's log.
 *
 * @param offset the byte offset of {@code text} in the log
 * @param nextOffset where the next read should start
 * @param text the bytes from offset, as UTF-8 (a character cut at the end is left for the next)
 * @param complete true when no task of the job will write more
 */
public record LogChunk(long offset, long nextOffset, String text, boolean complete) {}
