package dev.wanka.cli;

import dev.wanka.api.WankaClient;
import dev.wanka.cli.JobText.JobDetail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code wanka job ID}: one job in full, with its placement and latest events. */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description =
        "Show one job: state, reason, attempt, times, placement per node (device indexes, leaf)"
            + " and its latest events.")
final class JobCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The job's id, as `wanka jobs` lists it.")
  long id;

  @Override
  public Integer call() {
    WankaClient client = client();
    JobDetail detail = new JobDetail(client.job(id), client.events(id));
    return print(detail, out -> JobText.detail(out, detail, clock()));
  }
}
