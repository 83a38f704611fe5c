package dev.wanka.workload;

/** All of a gang's devices within one {@code scope}, as a requirement or a preference. */
public record TopologyConstraint(TopologyScope scope, TopologyStrength strength) {
  public TopologyConstraint {
    Checks.present("topology.scope", scope);
    Checks.present("topology.strength", strength);
  }

  public static TopologyConstraint required(TopologyScope scope) {
    return new TopologyConstraint(scope, TopologyStrength.REQUIRED);
  }

  public static TopologyConstraint preferred(TopologyScope scope) {
    return new TopologyConstraint(scope, TopologyStrength.PREFERRED);
  }

  public boolean isRequired() {
    return strength == TopologyStrength.REQUIRED;
  }
}
