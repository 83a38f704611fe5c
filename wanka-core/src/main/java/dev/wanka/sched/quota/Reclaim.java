package dev.wanka.sched.quota;

/** Devices a borrowing leaf queue must give back (by preemption) for a quota reclaim. */
public record Reclaim(String borrower, long devices) {}
