package dev.wanka.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Times as the client commands print them: ages the way kubectl prints them (5s, 3m, 2h, 4d, 1y:
 * the largest whole unit) and instants in the clock's time zone with their age.
 */
final class Ages {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Ages() {}

  /** The age of an epoch-millisecond instant, or "-" when it is 0 (not yet). */
  static String since(long epochMillis, Clock clock) {
    return epochMillis <= 0 ? "-" : duration(clock.millis() - epochMillis);
  }

  /** A duration in its largest whole unit: 59s, 1m, 23h, 364d, 2y; negative counts as 0s. */
  static String duration(long millis) {
    long seconds = Math.max(0, millis) / 1000;
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 24) {
      return hours + "h";
    }
    long days = hours / 24;
    return days < 365 ? days + "d" : days / 365 + "y";
  }

  /** {@code 2026-12-01 10:00:03 (5m ago)}, or {@code (in 5m)} for the future; "-" for 0. */
  static String instant(long epochMillis, Clock clock) {
    if (epochMillis <= 0) {
      return "-";
    }
    String when =
        WHEN.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), clock.getZone()));
    long age = clock.millis() - epochMillis;
    return when + (age >= 0 ? " (" + duration(age) + " ago)" : " (in " + duration(-age) + ")");
  }
}
