package dev.wanka.cli;

import dev.wanka.api.WhyPending;
import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code wanka why ID}: why a job is not running, and when it is expected to start. */
@Command(
    name = "why",
    mixinStandardHelpOptions = true,
    description = "Say why a job waits (the scheduler's reason) and when it is expected to start.")
final class WhyCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The job's id.")
  long id;

  @Override
  public Integer call() {
    WhyPending why = client().why(id);
    return print(why, out -> explain(out, why, clock()));
  }

  private static void explain(PrintWriter out, WhyPending why, Clock clock) {
    String code = why.code() == null || why.code().isBlank() ? "" : why.code() + ": ";
    String message = why.message() == null ? "" : why.message();
    if (code.isEmpty() && message.isBlank()) {
      out.println("job " + why.jobId() + " is " + why.state() + ": it is not waiting for devices");
    } else {
      out.println("job " + why.jobId() + " is " + why.state() + ": " + code + message);
    }
    if (why.predictedStartMillis() > 0) {
      out.println("expected start: " + Ages.instant(why.predictedStartMillis(), clock));
    }
  }
}
