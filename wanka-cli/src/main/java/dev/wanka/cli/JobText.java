package dev.wanka.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.wanka.api.JobEvent;
import dev.wanka.api.JobState;
import dev.wanka.api.JobView;
import dev.wanka.api.Placement;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;

/** Jobs as people read them: the {@code wanka jobs} table and the {@code wanka job ID} detail. */
final class JobText {
  /** How many of a job's latest events the detail shows; {@code --json} has them all. */
  static final int RECENT_EVENTS = 10;

  private JobText() {}

  /**
   * One row per job, squeue's columns in kubectl's manner: running jobs list their nodes compressed
   * ({@code h100-[001-002]}), waiting ones their reason in parentheses.
   */
  static void table(PrintWriter out, List<JobView> jobs, Clock clock) {
    TextTable table =
        new TextTable(
            "ID>", "NAME", "TENANT", "QUEUE", "STATE", "DEVICES>", "TYPE", "AGE", "NODES(REASON)");
    for (JobView job : jobs) {
      table.row(
          job.id(),
          job.name(),
          job.tenant(),
          job.queue(),
          job.state(),
          job.devices(),
          types(job),
          Ages.since(job.submittedAtMillis(), clock),
          nodesOrReason(job));
    }
    table.print(out, "");
  }

  /** The accelerator types a job accepts, most preferred first; "any" when it names none. */
  static String types(JobView job) {
    return job.accelerators().isEmpty() ? "any" : String.join(",", job.accelerators());
  }

  /** The nodes of a running job, else its reason in parentheses ("(None)" when waiting without). */
  static String nodesOrReason(JobView job) {
    if (job.state() == JobState.Running && !job.placement().isEmpty()) {
      return Hostlist.names(job.placement().stream().map(Placement::node).toList());
    }
    if (job.reason() != null && !job.reason().isBlank()) {
      return "(" + job.reason() + ")";
    }
    boolean waiting = job.state() == JobState.Pending || job.state() == JobState.Interrupted;
    return waiting ? "(None)" : "";
  }

  /** {@code wanka job ID}: the job's fields, its placement per node and its latest events. */
  static void detail(PrintWriter out, JobDetail detail, Clock clock) {
    JobView job = detail.job();
    field(out, "Job", job.id() + " " + job.name());
    field(out, "Kind", job.kind());
    field(out, "Tenant", job.tenant());
    field(out, "Queue", job.queue());
    field(out, "Priority", job.priority());
    field(out, "State", job.state().name());
    field(out, "Reason", job.reason());
    field(out, "Devices", job.devices() + " of " + types(job));
    field(out, "Attempt", String.valueOf(job.attempt()));
    field(out, "Exit code", job.exitCode() < 0 ? "-" : String.valueOf(job.exitCode()));
    field(out, "Checkpoints", job.checkpointDirectory());
    field(out, "Submitted", Ages.instant(job.submittedAtMillis(), clock));
    field(out, "Started", Ages.instant(job.startedAtMillis(), clock));
    field(out, "Finished", Ages.instant(job.finishedAtMillis(), clock));
    if (!job.placement().isEmpty()) {
      out.println("Placement:");
      TextTable placement = new TextTable("RANK>", "NODE", "DEVICES", "LEAF>");
      job.placement().stream()
          .sorted(Comparator.comparingInt(Placement::nodeRank))
          .forEach(
              p -> placement.row(p.nodeRank(), p.node(), Hostlist.numbers(p.devices()), p.leaf()));
      placement.print(out, "  ");
    }
    List<JobEvent> events = detail.events();
    int shown = Math.min(RECENT_EVENTS, events.size());
    if (shown == events.size()) {
      out.println("Events:" + (events.isEmpty() ? " none" : ""));
    } else {
      out.println("Events (latest " + shown + " of " + events.size() + "; --json lists all):");
    }
    if (shown > 0) {
      TextTable table = new TextTable("AGE", "EVENT", "MESSAGE");
      for (JobEvent event : events.subList(events.size() - shown, events.size())) {
        table.row(Ages.since(event.atMillis(), clock), event.type(), event.message());
      }
      table.print(out, "  ");
    }
  }

  private static void field(PrintWriter out, String name, String value) {
    String shown = value == null || value.isBlank() ? "-" : value;
    out.printf("%-13s%s%n", name + ":", shown);
  }

  /**
   * A job and its history, as {@code wanka job ID --json} prints it: the job's own fields, then
   * {@code events}, oldest first.
   */
  record JobDetail(@JsonUnwrapped JobView job, List<JobEvent> events) {
    JobDetail {
      events =
          events.stream()
              .sorted(Comparator.comparingLong(JobEvent::atMillis).thenComparingLong(JobEvent::id))
              .toList();
    }
  }
}
