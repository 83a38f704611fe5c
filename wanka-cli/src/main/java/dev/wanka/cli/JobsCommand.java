package dev.wanka.cli;

import dev.wanka.api.JobView;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code wanka jobs}: every job the token may see. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "List jobs: a running one with its nodes, a waiting one with its reason.")
final class JobsCommand extends ClientCommand {
  @Override
  public Integer call() {
    List<JobView> jobs = client().jobs();
    return print(jobs, out -> JobText.table(out, jobs, clock()));
  }
}
