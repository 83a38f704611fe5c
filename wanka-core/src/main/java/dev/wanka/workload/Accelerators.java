package dev.wanka.workload;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a list of acceptable accelerator types. */
final class Accelerators {
  private Accelerators() {}

  static List<AcceleratorChoice> check(List<AcceleratorChoice> choices) {
    List<AcceleratorChoice> copy = List.copyOf(choices);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException(
          "accelerators: an empty list is not allowed: give at least one accelerator type");
    }
    Set<String> seen = new HashSet<>();
    for (AcceleratorChoice choice : copy) {
      if (!seen.add(choice.acceleratorId())) {
        throw new IllegalArgumentException(
            "accelerators: '" + choice.acceleratorId() + "' is listed twice; list each type once");
      }
    }
    return copy;
  }

  static List<DeviceAlternative> alternatives(
      List<AcceleratorChoice> choices, long minMilli, long maxMilli) {
    return choices.stream()
        .map(
            c ->
                new DeviceAlternative(
                    c.acceleratorId(), minMilli, maxMilli, c.relativeThroughput()))
        .toList();
  }
}
