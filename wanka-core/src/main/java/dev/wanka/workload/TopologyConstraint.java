package dev.wanka.workload;

import dev.wanka.topology.Tier;

/**
 * All of a gang's devices within one {@code scope} (a {@link Tier} from node to spine), as a
 * requirement or a preference.
 */
public record TopologyConstraint(Tier scope, TopologyStrength strength) {
  public TopologyConstraint {
    Checks.present("topology.scope", scope);
    Checks.present("topology.strength", strength);
    if (scope == Tier.DEVICE || scope == Tier.CORE) {
      throw new IllegalArgumentException(
          "topology.scope "
              + scope.keyword()
              + " is not allowed: must be node, domain, leaf or spine");
    }
  }

  public static TopologyConstraint required(Tier scope) {
    return new TopologyConstraint(scope, TopologyStrength.REQUIRED);
  }

  public static TopologyConstraint preferred(Tier scope) {
    return new TopologyConstraint(scope, TopologyStrength.PREFERRED);
  }

  public boolean isRequired() {
    return strength == TopologyStrength.REQUIRED;
  }
}
