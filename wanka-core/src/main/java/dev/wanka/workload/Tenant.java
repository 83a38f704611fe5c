package dev.wanka.workload;

/** A tenant (a team or customer that quotas and fair share are counted for), as a slug. */
public record Tenant(String name) {
  public Tenant {
    Checks.slug("tenant", name);
  }

  public static Tenant of(String name) {
    return new Tenant(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
