package dev.wanka.sim.scenario;

import dev.wanka.spec.MapReader;
import dev.wanka.spec.Paths;
import dev.wanka.spec.Problems;
import dev.wanka.spec.Values;
import dev.wanka.spec.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A scenario's {@code policies} list, read the one way both kinds of scenario read it: each item a
 * name the scenario kind knows, none listed twice, not empty when given, and the defaults when
 * absent. Every bad item is reported at its line.
 */
public final class PolicyNames {
  private PolicyNames() {}

  /**
   * @param resolve a name as written to the name the scenario keeps, or empty if it is not one
   * @param notAllowed the message for a name {@code resolve} does not know
   * @param defaults the policies when the list is absent
   */
  public static List<String> read(
      MapReader top,
      Problems problems,
      Function<String, Optional<String>> resolve,
      Function<String, String> notAllowed,
      List<String> defaults) {
    if (!top.has("policies")) {
      return List.copyOf(defaults);
    }
    List<String> policies = new ArrayList<>();
    List<YamlNode> items = top.list("policies", true);
    for (int i = 0; i < items.size(); i++) {
      String path = Paths.item("policies", i);
      Optional<String> policy = Values.string(items.get(i), path, problems);
      if (policy.isEmpty()) {
        continue;
      }
      Optional<String> resolved = resolve.apply(policy.get());
      if (resolved.isEmpty()) {
        problems.add(items.get(i).at(), path, notAllowed.apply(policy.get()));
      } else if (policies.contains(resolved.get())) {
        problems.add(items.get(i).at(), path, "'" + policy.get() + "' is listed twice");
      } else {
        policies.add(resolved.get());
      }
    }
    return policies;
  }
}
