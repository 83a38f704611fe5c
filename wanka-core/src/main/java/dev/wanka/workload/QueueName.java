package dev.wanka.workload;

import dev.wanka.spec.Values;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A queue in the queue hierarchy, written as slugs joined by '/', root first: {@code team-a} or
 * {@code team-a/research}. At most {@link #MAX_DEPTH} levels.
 */
public record QueueName(String path) {
  public static final int MAX_DEPTH = 8;

  public static final String RULE =
      "must be 1 to "
          + MAX_DEPTH
          + " slugs (lower-case letters, digits and '-') joined by '/', e.g. team-a/research";

  public QueueName {
    if (!isValid(path)) {
      throw new IllegalArgumentException("queue: '" + path + "' is not allowed: " + RULE);
    }
  }

  public static QueueName of(String path) {
    return new QueueName(path);
  }

  /** Whether {@code text} is a well-formed queue path. */
  public static boolean isValid(String text) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    String[] parts = text.split("/", -1);
    return parts.length <= MAX_DEPTH && Arrays.stream(parts).allMatch(Values::isSlug);
  }

  /** The levels, root first. */
  public List<String> segments() {
    return List.of(path.split("/"));
  }

  public int depth() {
    return segments().size();
  }

  /** The enclosing queue; empty for a root queue. */
  public Optional<QueueName> parent() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? Optional.empty() : Optional.of(new QueueName(path.substring(0, slash)));
  }

  /** Whether this queue is {@code ancestor} or lies below it. */
  public boolean isWithin(QueueName ancestor) {
    return path.equals(ancestor.path) || path.startsWith(ancestor.path + "/");
  }

  @Override
  public String toString() {
    return path;
  }
}
