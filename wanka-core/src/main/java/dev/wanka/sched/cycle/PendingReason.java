package dev.wanka.sched.cycle;

import dev.wanka.sched.plugin.ReasonCode;
import java.util.Objects;

/** Why a gang is still pending after a cycle, in words a person can act on. */
public record PendingReason(ReasonCode code, String message) {
  public PendingReason {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return message;
  }
}
