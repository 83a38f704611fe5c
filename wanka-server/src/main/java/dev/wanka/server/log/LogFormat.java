package dev.wanka.server.log;

/** How log lines look: for people, or one JSON object per line for log collectors. */
public enum LogFormat {
  TEXT,
  JSON
}
