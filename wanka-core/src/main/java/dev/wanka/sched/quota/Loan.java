package dev.wanka.sched.quota;

/** Devices of one accelerator type taken from a lender's idle guarantee. */
public record Loan(String lender, long devices) {}
