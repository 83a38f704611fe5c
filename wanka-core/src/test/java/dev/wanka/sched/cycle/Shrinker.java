package dev.wanka.sched.cycle;

import static dev.wanka.sched.cycle.CheckedRun.crashed;

import dev.wanka.sched.cycle.CheckedRun.Crash;
import dev.wanka.sched.cycle.CheckedRun.Violation;
import dev.wanka.sched.cycle.RandomWorld.World;
import dev.wanka.sched.cycle.SchedulerEvents.Event;
import dev.wanka.sched.cycle.SchedulerPropertyTest.Law;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Predicate;

/**
 * Concrete events replayed on fresh schedulers (the first violation of a law, or how two runs
 * decide differently), shrunk to the fewest that still fail, and reported.
 */
final class Shrinker {
  private Shrinker() {}

  /** Replays concrete events on a fresh scheduler; the first violation of the law, or null. */
  static Violation replay(World world, List<Event> events, Law law) {
    CheckedRun run = new CheckedRun(world, EnumSet.of(law));
    try {
      for (Event event : events) {
        run.step(event);
      }
    } catch (Violation v) {
      return v;
    } catch (Crash c) {
      return law == Law.NO_CRASH ? crashed(c) : null;
    }
    return null;
  }

  /** Shrinks a violation of a law to the fewest events that still violate it the same way. */
  static List<Event> shrink(World world, List<Event> events, Law law, String tag) {
    return shrink(
        events,
        candidate -> {
          Violation v = replay(world, candidate, law);
          return v != null && v.tag.equals(tag);
        });
  }

  /** Delta debugging (ddmin), then single removals: the fewest events that still fail. */
  static List<Event> shrink(List<Event> events, Predicate<List<Event>> fails) {
    List<Event> current = new ArrayList<>(events);
    if (!fails.test(current)) {
      return current;
    }
    int chunks = 2;
    while (current.size() >= 2) {
      int size = (current.size() + chunks - 1) / chunks;
      boolean reduced = false;
      for (int start = 0; start < current.size(); start += size) {
        List<Event> complement = new ArrayList<>(current.subList(0, start));
        complement.addAll(current.subList(Math.min(current.size(), start + size), current.size()));
        if (!complement.isEmpty() && fails.test(complement)) {
          current = complement;
          chunks = Math.max(chunks - 1, 2);
          reduced = true;
          break;
        }
      }
      if (!reduced) {
        if (chunks >= current.size()) {
          break;
        }
        chunks = Math.min(current.size(), chunks * 2);
      }
    }
    boolean progress = true;
    while (progress) {
      progress = false;
      for (int i = current.size() - 1; i >= 0; i--) {
        List<Event> without = new ArrayList<>(current);
        without.remove(i);
        if (!without.isEmpty() && fails.test(without)) {
          current = without;
          progress = true;
        }
      }
    }
    return current;
  }

  static String report(
      long seed, World world, int originalLength, List<Event> events, Violation violation) {
    StringBuilder b = new StringBuilder();
    b.append(violation.getMessage()).append("\n\nseed ").append(seed);
    b.append(" (").append(originalLength).append(" events, shrunk to ").append(events.size());
    b.append(")\ncluster:\n").append(world.yaml()).append("queues:\n").append(world.queueText());
    b.append("policy: ")
        .append(violation.law == Law.PREEMPTION ? "defaults" : world.policyText())
        .append('\n');
    b.append("events:\n");
    for (int i = 0; i < events.size(); i++) {
      b.append(String.format("  %2d. %s%n", i + 1, events.get(i)));
    }
    return b.toString();
  }

  /**
   * How two runs of the events, each on a fresh cluster and scheduler, decide differently (every
   * cycle's starts, preemptions, evictions, reservations and reasons, and any exception); or null.
   */
  static String difference(World world, List<Event> events) {
    List<List<String>> cycles = new ArrayList<>();
    List<String> crashes = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      CheckedRun fresh = new CheckedRun(world, EnumSet.noneOf(Law.class));
      String crash = null;
      try {
        for (Event event : events) {
          fresh.step(event);
        }
      } catch (Crash c) {
        crash = c.describe();
      }
      cycles.add(fresh.fingerprints);
      crashes.add(crash);
    }
    List<String> a = cycles.get(0);
    List<String> b = cycles.get(1);
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      if (!a.get(i).equals(b.get(i))) {
        return "cycle " + (i + 1) + " differs:\nfirst:  " + a.get(i) + "\nsecond: " + b.get(i);
      }
    }
    if (a.size() != b.size() || !java.util.Objects.equals(crashes.get(0), crashes.get(1))) {
      return "the runs ended differently: after "
          + a.size()
          + " cycles ("
          + crashes.get(0)
          + ") and after "
          + b.size()
          + " ("
          + crashes.get(1)
          + ")";
    }
    return null;
  }
}
