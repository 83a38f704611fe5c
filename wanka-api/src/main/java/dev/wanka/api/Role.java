package dev.wanka.api;

/**
 * Who a bearer token speaks for. An admin sees and does everything; a user acts for one tenant and
 * sees only that tenant's work; an agent reports for one node and fetches that node's tasks.
 */
public enum Role {
  ADMIN,
  USER,
  AGENT
}
