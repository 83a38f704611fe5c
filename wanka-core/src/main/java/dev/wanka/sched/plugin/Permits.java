package dev.wanka.sched.plugin;

import dev.wanka.sched.placement.Placement;
import dev.wanka.topology.Cluster;
import java.util.List;
import java.util.Optional;

/** The permits Wanka ships. */
public final class Permits {
  private Permits() {}

  /**
   * EASY backfill: work may take reserved devices only if it is expected to end before the
   * reservation starts (its estimate says so); otherwise it would delay the reserved gang.
   */
  public static final Permit BACKFILL =
      new Permit() {
        @Override
        public String name() {
          return "backfill";
        }

        @Override
        public Optional<String> deny(Candidate candidate, Placement placement, CycleView view) {
          for (Reservation reservation : view.reservations()) {
            if (reservation.gang().equals(candidate.gang().id())
                || !reservation.overlaps(placement.devices())) {
              continue;
            }
            long end =
                candidate.gang().estimatedSeconds().isPresent()
                    ? view.now() + candidate.gang().estimatedSeconds().getAsLong()
                    : Long.MAX_VALUE;
            if (end > reservation.startSeconds()) {
              return Optional.of(
                  String.format(
                      "would delay %s, which holds a reservation of %d devices from t=%d%s",
                      reservation.gang(),
                      reservation.size(),
                      reservation.startSeconds(),
                      candidate.gang().estimatedSeconds().isPresent()
                          ? " (this one is expected to end at t=" + end + ")"
                          : " (this one has no estimated run time, so it cannot backfill)"));
            }
          }
          return Optional.empty();
        }
      };

  /** Every tensor-parallel group (consecutive ranks) lies inside one scale-up domain. */
  public static final Permit TENSOR_PARALLEL =
      new Permit() {
        @Override
        public String name() {
          return "tensor-parallel";
        }

        @Override
        public Optional<String> deny(Candidate candidate, Placement placement, CycleView view) {
          if (candidate.gang().tensorParallel().isEmpty()) {
            return Optional.empty();
          }
          int tp = candidate.gang().tensorParallel().getAsInt();
          Cluster cluster = view.cluster();
          int[] devices = placement.devices();
          for (int start = 0; start < devices.length; start += tp) {
            int domain = cluster.domainOf(devices[start]);
            for (int i = start + 1; i < Math.min(devices.length, start + tp); i++) {
              if (cluster.domainOf(devices[i]) != domain) {
                return Optional.of(
                    String.format(
                        "tensor-parallel group %d of %d devices would straddle two scale-up"
                            + " domains",
                        start / tp, tp));
              }
            }
          }
          return Optional.empty();
        }
      };

  public static final List<Permit> ALL = List.of(TENSOR_PARALLEL, BACKFILL);
}
