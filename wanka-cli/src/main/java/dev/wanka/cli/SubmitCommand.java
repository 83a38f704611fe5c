package dev.wanka.cli;

import dev.wanka.api.ApiException;
import dev.wanka.api.JobView;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code wanka submit FILE}: sends a job spec to the server as written (the server reads and checks
 * it), and prints the job it became. A refused spec is reported field by field, with the file's
 * line and column when the server gives them.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = "Submit a job spec (TrainingJob, InferenceService or BatchJob), YAML or JSON.")
final class SubmitCommand extends ClientCommand {
  static final String STDIN = "-";

  @Parameters(
      paramLabel = "FILE",
      description =
          "The spec: YAML, or JSON when the name ends in .json or the text starts with '{';"
              + " '-' reads standard input.")
  String file;

  @Override
  public Integer call() {
    String source = file.equals(STDIN) ? "stdin" : file;
    String text =
        file.equals(STDIN)
            ? InputFiles.read(connection.environment().stdin(), "standard input")
            : InputFiles.read(Path.of(file), "job spec");
    JobView job;
    try {
      job = client().submit(text, contentType(file, text));
    } catch (ApiException e) {
      return ServerErrors.report(e, source, spec.commandLine().getErr());
    }
    return print(
        job,
        out ->
            out.println("job " + job.id() + " " + job.name() + " submitted (" + job.state() + ")"));
  }

  /** JSON by the file's extension (.json, or .yaml/.yml for YAML), else by its first character. */
  static String contentType(String file, String text) {
    String name = file.toLowerCase(Locale.ROOT);
    boolean json =
        name.endsWith(".json")
            || (!name.endsWith(".yaml") && !name.endsWith(".yml") && text.strip().startsWith("{"));
    return json ? "application/json" : "application/yaml";
  }
}
