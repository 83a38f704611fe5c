package dev.wanka.api;

/** A tenant: the owner of jobs and queues, whose users see only its work. */
public record TenantView(String name, long createdAtMillis) {}
