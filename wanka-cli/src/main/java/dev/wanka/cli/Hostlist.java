package dev.wanka.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists compressed the way Slurm prints them: node names {@code h100-[001-004,007],mtt-01} and
 * numbers {@code 0-3,6}. Names that end in digits are grouped by what comes before the digits and
 * by the number of digits (so zero padding is kept); groups and numbers come out sorted.
 */
final class Hostlist {
  private static final Pattern NUMBERED = Pattern.compile("(.*?)(\\d{1,18})");

  private Hostlist() {}

  /** Node names compressed: {@code h100-001,h100-002,h100-003} becomes {@code h100-[001-003]}. */
  static String names(Collection<String> names) {
    Map<String, TreeSet<Long>> numbersByGroup = new TreeMap<>();
    Map<String, String> prefixByGroup = new TreeMap<>();
    for (String name : names) {
      Matcher numbered = NUMBERED.matcher(name);
      String prefix = numbered.matches() ? numbered.group(1) : name;
      int width = numbered.matches() ? numbered.group(2).length() : 0;
      String group = prefix + '\0' + width;
      prefixByGroup.put(group, prefix);
      TreeSet<Long> numbers = numbersByGroup.computeIfAbsent(group, g -> new TreeSet<>());
      if (width > 0) {
        numbers.add(Long.parseLong(numbered.group(2)));
      }
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, TreeSet<Long>> group : numbersByGroup.entrySet()) {
      String prefix = prefixByGroup.get(group.getKey());
      TreeSet<Long> numbers = group.getValue();
      int width = Integer.parseInt(group.getKey().substring(prefix.length() + 1));
      if (numbers.isEmpty()) {
        parts.add(prefix);
      } else if (numbers.size() == 1) {
        parts.add(prefix + padded(numbers.first(), width));
      } else {
        parts.add(prefix + "[" + ranges(numbers, width) + "]");
      }
    }
    return String.join(",", parts);
  }

  /** Numbers compressed into runs: {@code 0,1,2,3,6} becomes {@code 0-3,6}. */
  static String numbers(Collection<? extends Number> numbers) {
    TreeSet<Long> sorted = new TreeSet<>();
    numbers.forEach(n -> sorted.add(n.longValue()));
    return ranges(sorted, 0);
  }

  private static String ranges(TreeSet<Long> sorted, int width) {
    List<String> runs = new ArrayList<>();
    Long first = null;
    long last = 0;
    for (long n : sorted) {
      if (first != null && n == last + 1) {
        last = n;
        continue;
      }
      if (first != null) {
        runs.add(run(first, last, width));
      }
      first = n;
      last = n;
    }
    if (first != null) {
      runs.add(run(first, last, width));
    }
    return String.join(",", runs);
  }

  private static String run(long first, long last, int width) {
    return first == last ? padded(first, width) : padded(first, width) + "-" + padded(last, width);
  }

  private static String padded(long n, int width) {
    String digits = Long.toString(n);
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }
}
