package dev.wanka.api;

/** A device's health as its agent sees it; a FAILED device is taken out of scheduling. */
public enum Health {
  OK,
  DEGRADED,
  FAILED
}
