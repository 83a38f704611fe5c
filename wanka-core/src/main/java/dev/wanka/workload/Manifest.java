package dev.wanka.workload;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A job or service as submitted to the live control plane: a Kubernetes-style manifest ({@code
 * apiVersion: wanka/v1}) read by {@link ManifestReader}. The scheduler places its {@link
 * #workload}; the agents run it as {@link #run} says. docs/jobs.md describes the format.
 *
 * @param labels the user's key-value labels, sorted by key; keys and values as Kubernetes allows
 *     them (see {@link #labelKeyProblem} and {@link #labelValueProblem})
 */
public record Manifest(
    ManifestKind kind, Workload workload, RunSpec run, Map<String, String> labels) {
  /** The only {@code apiVersion:} there is so far. */
  public static final String API_VERSION = "wanka/v1";

  private static final int MAX_NAME_LENGTH = 63;
  private static final int MAX_PREFIX_LENGTH = 253;
  private static final Pattern LABEL_NAME =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  public Manifest {
    Checks.present("kind", kind);
    Checks.present("workload", workload);
    Checks.present("run", run);
    Checks.present("labels", labels);
    if (workload.kind() != kind.workloadKind()) {
      throw new IllegalArgumentException(
          "kind: "
              + kind
              + " is not allowed for a workload of kind "
              + workload.kind().keyword()
              + "; it takes "
              + kind.workloadKind().keyword());
    }
    labels.forEach(
        (key, value) -> {
          labelKeyProblem(key).or(() -> labelValueProblem(value)).ifPresent(Manifest::refuse);
        });
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  /**
   * Why {@code key} is not a label key, if it is not: a name of at most 63 characters (letters,
   * digits, '-', '_', '.', starting and ending with a letter or digit), optionally after a DNS
   * subdomain prefix and '/', as in Kubernetes ({@code example.com/team}).
   */
  public static Optional<String> labelKeyProblem(String key) {
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? "" : key.substring(0, slash);
    String name = key.substring(slash + 1);
    boolean prefixValid =
        slash < 0
            || (prefix.length() <= MAX_PREFIX_LENGTH && DNS_SUBDOMAIN.matcher(prefix).matches());
    if (prefixValid && isLabelName(name)) {
      return Optional.empty();
    }
    return Optional.of(
        "'"
            + key
            + "' is not allowed: a label key is a name of at most "
            + MAX_NAME_LENGTH
            + " characters (letters, digits, '-', '_', '.', starting and ending with a letter or"
            + " digit), optionally after a lower-case DNS prefix and '/' (example.com/team)");
  }

  /** Why {@code value} is not a label value, if it is not: empty, or a name as in a key. */
  public static Optional<String> labelValueProblem(String value) {
    if (value.isEmpty() || isLabelName(value)) {
      return Optional.empty();
    }
    return Optional.of(
        "'"
            + value
            + "' is not allowed: a label value is empty or at most "
            + MAX_NAME_LENGTH
            + " characters (letters, digits, '-', '_', '.', starting and ending with a letter or"
            + " digit)");
  }

  private static boolean isLabelName(String name) {
    return name.length() <= MAX_NAME_LENGTH && LABEL_NAME.matcher(name).matches();
  }

  private static void refuse(String problem) {
    throw new IllegalArgumentException("labels: " + problem);
  }
}
