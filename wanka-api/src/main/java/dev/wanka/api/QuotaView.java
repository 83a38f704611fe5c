package dev.wanka.api;

/** One accelerator type's quota in a queue, and its use, in devices. */
public record QuotaView(String accelerator, long guaranteed, long max, long used) {}
