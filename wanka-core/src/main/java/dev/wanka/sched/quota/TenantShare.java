package dev.wanka.sched.quota;

/**
 * A tenant's dominant share: the largest fraction of any resource's cluster capacity it uses
 * ({@code dominantResource}), and that share divided by its weight, by which tenants are ordered.
 */
public record TenantShare(
    String tenant, String dominantResource, double dominantShare, double weight) {
  public double weightedShare() {
    return dominantShare / weight;
  }
}
