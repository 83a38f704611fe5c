package dev.wanka.spec;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" by edit distance, for misspelt fields, ids and keywords. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The closest candidate within a distance that still reads as a typo, if any; a candidate that
   * contains what was given (three characters or more) counts as one edit away.
   */
  public static Optional<String> closest(String given, Collection<String> candidates) {
    String needle = given.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      String lower = candidate.toLowerCase(Locale.ROOT);
      int distance = distance(needle, lower);
      if (needle.length() >= 3 && lower.contains(needle)) {
        distance = Math.min(distance, 1);
      }
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int tolerance = Math.max(2, needle.length() / 3);
    return bestDistance <= tolerance ? Optional.ofNullable(best) : Optional.empty();
  }

  /** {@code "; did you mean 'x'?"} or {@code ""}, ready to append to a message. */
  public static String didYouMean(String given, Collection<String> candidates) {
    return closest(given, candidates).map(c -> "; did you mean '" + c + "'?").orElse("");
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
