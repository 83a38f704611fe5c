package dev.wanka.api;

/** Who the caller's token speaks for. */
public record WhoAmI(String name, Role role, String tenant, String node) {}
