package dev.wanka.cli;

import dev.wanka.api.ApiException;
import dev.wanka.catalog.Catalog;
import dev.wanka.spec.SpecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/** The root command: global options, and how errors become messages and exit codes. */
@Command(
    name = "wanka",
    mixinStandardHelpOptions = true,
    versionProvider = WankaCommand.Version.class,
    description =
        "Model, schedule, operate and rehearse large heterogeneous AI accelerator clusters.",
    commandListHeading = "%nCommands:%n",
    footerHeading = "%n",
    footer = {
      "Exit codes: 0 ok, 1 failure, 2 bad input.",
      "Run 'wanka COMMAND --help' for a command's options."
    },
    subcommands = {
      CatalogCommand.class,
      ClusterCommand.class,
      EstimateCommand.class,
      PlanCommand.class,
      SimulateCommand.class,
      BenchCommand.class,
      UpCommand.class,
      ServerCommand.class,
      AgentCommand.class,
      SubmitCommand.class,
      JobsCommand.class,
      JobCommand.class,
      CancelCommand.class,
      LogsCommand.class,
      WhyCommand.class,
      NodesCommand.class,
      NodeActionCommand.Cordon.class,
      NodeActionCommand.Drain.class,
      NodeActionCommand.Uncordon.class,
      QueuesCommand.class,
      TokensCommand.class,
      TenantsCommand.class
    })
final class WankaCommand implements Runnable {
  private final UserEnvironment environment;

  @Option(
      names = "--catalog",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description =
          "A YAML file of accelerator entries that add to or override the bundled catalog;"
              + " repeatable, later files win.")
  List<Path> catalogFiles = new ArrayList<>();

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On an unexpected failure, print the stack trace too.")
  boolean debug;

  @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private WankaCommand(UserEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The bundled catalog with every {@code --catalog} file applied in order. */
  Catalog catalog() {
    Catalog catalog = Catalog.bundled();
    for (Path file : catalogFiles) {
      catalog = catalog.withOverrides(file.toString(), InputFiles.read(file, "--catalog"));
    }
    return catalog;
  }

  /** Variables, directories, stdin and clock of this run (the client commands read them). */
  UserEnvironment environment() {
    return environment;
  }

  static CommandLine commandLine(UserEnvironment environment, PrintWriter out, PrintWriter err) {
    WankaCommand root = new WankaCommand(environment);
    CommandLine commandLine = new CommandLine(root);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (exception, line, parseResult) -> report(exception, root.debug, line.getErr()));
    commandLine.setParameterExceptionHandler(WankaCommand::reportBadArguments);
    return commandLine;
  }

  /**
   * A value picocli cannot convert, a missing or unknown option: "error: --flag: what is wrong",
   * then where to find the options, exit 2 (no usage dump burying the message).
   */
  private static int reportBadArguments(ParameterException exception, String[] args) {
    CommandLine line = exception.getCommandLine();
    String message = exception.getMessage();
    if (exception.getArgSpec() instanceof OptionSpec option) {
      String prefix = "Invalid value for option '" + option.longestName() + "': ";
      if (message.startsWith(prefix)) {
        message = option.longestName() + ": " + message.substring(prefix.length());
      }
    }
    line.getErr().println("error: " + message);
    if (exception instanceof UnmatchedArgumentException unmatched) {
      UnmatchedArgumentException.printSuggestions(unmatched, line.getErr());
    }
    line.getErr()
        .println("Run '" + line.getCommandSpec().qualifiedName() + " --help' for the options.");
    return ExitCodes.BAD_INPUT;
  }

  private static int report(Exception exception, boolean debug, PrintWriter err) {
    if (exception instanceof SpecException spec) {
      spec.problems().forEach(p -> err.println("error: " + p.format()));
      return ExitCodes.BAD_INPUT;
    }
    if (exception instanceof ApiException refused) {
      return ServerErrors.report(refused, "", err);
    }
    if (exception instanceof UsageException) {
      err.println("error: " + exception.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    err.println("error: " + exception + (debug ? "" : " (run with --debug for the stack trace)"));
    if (debug) {
      exception.printStackTrace(err);
    }
    return ExitCodes.FAILURE;
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties properties = new Properties();
      try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new String[] {
        "wanka " + properties.getProperty("version", "unknown"),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")"
      };
    }
  }
}
