package dev.wanka.cli;

import dev.wanka.api.LogChunk;
import dev.wanka.api.WankaClient;
import dev.wanka.api.WireJson;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wanka logs ID [-f]}: a job's output (every task's, as the server merges it). Without
 * {@code -f} it prints what the server holds now; with {@code -f} it keeps asking for more about
 * every {@link #POLL} until the server says no task of the job will write more.
 */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = {
      "Print a job's output; with -f, keep printing it as it comes until the job ends.",
      "With --json: one LogChunk object ({offset, nextOffset, text, complete}); with -f and"
          + " --json, one LogChunk per line as they come (JSON Lines)."
    })
final class LogsCommand extends ClientCommand {
  /** How long to wait before asking again when the server had nothing new. */
  static final Duration POLL = Duration.ofMillis(500);

  @Parameters(paramLabel = "ID", description = "The job's id.")
  long id;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new output until the job ends (Ctrl-C stops following).")
  boolean follow;

  @Override
  public Integer call() throws InterruptedException {
    WankaClient client = client();
    PrintWriter out = spec.commandLine().getOut();
    return follow ? follow(client, out) : printAvailable(client, out);
  }

  /** Reads until the server has nothing more now; prints the text, or one merged chunk. */
  private int printAvailable(WankaClient client, PrintWriter out) {
    StringBuilder text = new StringBuilder();
    LogChunk chunk = client.logs(id, 0);
    text.append(chunk.text());
    while (!chunk.complete() && !chunk.text().isEmpty() && chunk.nextOffset() > chunk.offset()) {
      chunk = client.logs(id, chunk.nextOffset());
      text.append(chunk.text());
    }
    LogChunk all = new LogChunk(0, chunk.nextOffset(), text.toString(), chunk.complete());
    return print(all, o -> o.print(all.text()));
  }

  private int follow(WankaClient client, PrintWriter out) throws InterruptedException {
    long offset = 0;
    while (true) {
      LogChunk chunk = client.logs(id, offset);
      if (output.json) {
        if (!chunk.text().isEmpty() || chunk.complete()) {
          out.println(WireJson.write(chunk));
        }
      } else {
        out.print(chunk.text());
      }
      out.flush();
      if (chunk.complete()) {
        return ExitCodes.OK;
      }
      if (chunk.text().isEmpty() || chunk.nextOffset() <= offset) {
        Thread.sleep(POLL.toMillis());
      }
      offset = Math.max(offset, chunk.nextOffset());
    }
  }
}
