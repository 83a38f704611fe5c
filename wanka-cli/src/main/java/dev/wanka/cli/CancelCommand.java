package dev.wanka.cli;

import dev.wanka.api.JobView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code wanka cancel ID}: stops a job, running or waiting. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description =
        "Cancel a job: a waiting one leaves its queue, a running one's tasks are stopped.")
final class CancelCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The job's id.")
  long id;

  @Override
  public Integer call() {
    JobView job = client().cancel(id);
    return print(
        job,
        out ->
            out.println("job " + job.id() + " " + job.name() + " cancelled (" + job.state() + ")"));
  }
}
