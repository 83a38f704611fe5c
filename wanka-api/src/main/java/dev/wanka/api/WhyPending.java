package dev.wanka.api;

/**
 * Why a job is not running.
 *
 * @param code the scheduler's reason code (e.g. QUOTA_EXCEEDED, NO_FIT); empty when running
 * @param message the reason in words, naming the numbers
 * @param predictedStartMillis when the digital twin expects it to start; 0 when it cannot tell
 */
public record WhyPending(
    long jobId, JobState state, String code, String message, long predictedStartMillis) {}
