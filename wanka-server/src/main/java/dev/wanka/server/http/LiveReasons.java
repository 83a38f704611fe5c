package dev.wanka.server.http;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scheduler core's pending reasons, worded for the live cluster: the core counts time in
 * seconds on its driver's clock ({@code t=1796086728}), which here is the epoch, so times become
 * UTC instants; and with open queues (no quota configuration) the quota clause says nothing, so it
 * is left out.
 */
final class LiveReasons {
  private static final Pattern TIME = Pattern.compile("\\bt=(\\d{9,})");
  private static final Pattern QUOTA_CLAUSE =
      Pattern.compile("; queue \\S+ uses \\d+% of its \\S+ quota \\(\\d+ of \\d+\\)");

  private LiveReasons() {}

  static String word(String coreMessage, boolean openQueues) {
    Matcher time = TIME.matcher(coreMessage);
    StringBuilder text = new StringBuilder();
    while (time.find()) {
      time.appendReplacement(text, Instant.ofEpochSecond(Long.parseLong(time.group(1))).toString());
    }
    time.appendTail(text);
    return openQueues ? QUOTA_CLAUSE.matcher(text).replaceAll("") : text.toString();
  }
}
