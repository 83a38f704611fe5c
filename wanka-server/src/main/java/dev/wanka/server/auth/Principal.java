package dev.wanka.server.auth;

import dev.wanka.api.Role;

/**
 * Who a request speaks for, from its bearer token.
 *
 * @param tenant the tenant a USER acts for; empty otherwise
 * @param node the node an AGENT reports for; empty otherwise
 */
public record Principal(long tokenId, String name, Role role, String tenant, String node) {
  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** Whether this caller may see and act on work of {@code jobTenant}. */
  public boolean mayAccessTenant(String jobTenant) {
    return role == Role.ADMIN || (role == Role.USER && tenant.equals(jobTenant));
  }
}
