package dev.wanka.bench;

import dev.wanka.api.JobView;
import dev.wanka.api.NodeView;
import dev.wanka.api.WankaClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How much memory {@code wanka up} with its defaults (4 nodes x 8 simulated H100, no JVM options)
 * holds resident: idle after {@code --settle} seconds, then {@code --busy} seconds after the
 * example jobs were submitted (a single-device job, a 16-device gang and a 2-replica service, from
 * {@code examples/jobs}, which run real processes). Target: under 600 MB. The command runs in a
 * temporary directory holding a copy of {@code examples/jobs}, as the README's quickstart runs it
 * from the repository's root. Linux only (it reads {@code /proc}).
 *
 * <pre>
 * ./mvnw -B -q -pl wanka-cli,wanka-bench -am package -DskipTests
 * java -Xmx256m -cp wanka-bench/target/benchmarks.jar dev.wanka.bench.UpFootprint --out target/up-footprint.json
 * </pre>
 */
@Command(
    name = "UpFootprint",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run 'wanka up' with its defaults in a JVM of its own; print its resident memory idle and"
          + " while the example jobs run."
    })
public final class UpFootprint implements Callable<Integer> {
  private static final long TARGET_BYTES = 600_000_000L;

  @Option(
      names = "--settle",
      defaultValue = "60",
      description = "Seconds after the nodes are Ready before the idle measurement.")
  double settleSeconds;

  @Option(
      names = "--busy",
      defaultValue = "60",
      description = "Seconds after submitting the examples before the busy measurement.")
  double busySeconds;

  @Option(
      names = "--examples",
      defaultValue = "examples/jobs",
      description = "The example jobs to copy and submit (default: ${DEFAULT-VALUE}).")
  Path examples;

  @Option(
      names = "--java-option",
      paramLabel = "OPTION",
      description =
          "A JVM option for 'wanka up' (repeatable); none by default, as ./wanka runs it.")
  List<String> javaOptions = new ArrayList<>();

  @Option(
      names = "--wanka-jar",
      defaultValue = "wanka-cli/target/wanka.jar",
      description = "The wanka command's jar (default: ${DEFAULT-VALUE}).")
  Path wankaJar;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the results as JSON here.")
  Path out;

  @Option(names = "--keep-data", description = "Keep the temporary directory (printed).")
  boolean keepData;

  @Spec CommandSpec spec;

  /** Memory at one moment. */
  record Sample(double atSeconds, long residentBytes, long heapUsedBytes) {}

  /** A submitted example as the server reported it at the busy measurement. */
  record Job(long id, String name, String kind, String state, int devices) {}

  /**
   * What the run measured.
   *
   * @param peakResidentBytes the largest resident set over the run (VmHWM)
   */
  record Report(
      Machine machine,
      List<String> command,
      Sample idle,
      Sample busy,
      long peakResidentBytes,
      List<Job> jobs,
      boolean underTarget) {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new UpFootprint()).execute(args));
  }

  @Override
  public Integer call() {
    List<Path> manifests = validate();
    PrintStream progress = System.out;
    Machine machine = Machine.now();
    Path work = BenchFiles.temporaryDirectory("wanka-up-");
    BenchFiles.copyTree(examples, work.resolve("examples").resolve("jobs"));
    List<String> command =
        WankaProcess.command(
            Optional.empty(),
            javaOptions,
            wankaJar.toAbsolutePath(),
            List.of("up", "--port", "0", "--data-dir", work.resolve("wanka-data").toString()));
    progress.println("starting in " + work + ": " + String.join(" ", command));
    Report report = null;
    try (WankaProcess up =
        WankaProcess.start(command, work, work.resolve("logs"), Duration.ofMinutes(2))) {
      long started = System.nanoTime();
      WankaClient admin =
          new WankaClient(
              up.uri(), BenchFiles.read(work.resolve("wanka-data").resolve("admin.token")).trim());
      awaitReadyNodes(admin, Duration.ofMinutes(1));
      progress.println("nodes Ready; idle for " + settleSeconds + " s");
      Waits.seconds(settleSeconds);
      Sample idle = sample(up, started);
      List<Long> ids = new ArrayList<>();
      for (Path manifest : manifests) {
        ids.add(admin.submit(BenchFiles.read(manifest), "application/yaml").id());
      }
      progress.println(
          "submitted " + manifests.size() + " examples; busy for " + busySeconds + " s");
      Waits.seconds(busySeconds);
      Sample busy = sample(up, started);
      List<Job> jobs = new ArrayList<>();
      for (long id : ids) {
        JobView view = admin.job(id);
        jobs.add(new Job(id, view.name(), view.kind(), view.state().name(), view.devices()));
      }
      long peak = ProcFs.peakResidentBytes(up.pid());
      report =
          new Report(
              machine,
              command,
              idle,
              busy,
              peak,
              jobs,
              idle.residentBytes() < TARGET_BYTES && busy.residentBytes() < TARGET_BYTES);
    } finally {
      if (keepData || report == null) {
        progress.println("directory kept: " + work);
      } else {
        BenchFiles.deleteTree(work);
      }
    }
    print(progress, report);
    if (out != null) {
      BenchFiles.writeResults(out, LoadReport.json(report));
      progress.println("results written to " + out);
    }
    return 0;
  }

  private void seconds(String option, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new ParameterException(
          spec.commandLine(), option + ": " + value + " is not allowed: seconds, 0 or more");
    }
  }

  private static Sample sample(WankaProcess up, long startedNanos) {
    return new Sample(
        (System.nanoTime() - startedNanos) / 1e9,
        ProcFs.residentBytes(up.pid()),
        up.heapUsedBytes());
  }

  private static void awaitReadyNodes(WankaClient admin, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() - deadline < 0) {
      List<NodeView> nodes = admin.nodes();
      if (!nodes.isEmpty() && nodes.stream().allMatch(n -> n.state().equals("Ready"))) {
        return;
      }
      Waits.pause(Duration.ofMillis(500));
    }
    throw new IllegalStateException(
        "the nodes of 'wanka up' were not all Ready within " + limit.toSeconds() + " s");
  }

  private static void print(PrintStream out, Report report) {
    out.println();
    out.printf(
        Locale.ROOT,
        "wanka up (defaults: 4 nodes x 8 simulated H100) on %s, %d CPUs, load average %.2f; %s%n",
        report.machine().cpuModel(),
        report.machine().cpus(),
        report.machine().loadAverage(),
        report.machine().jdk());
    out.printf(
        Locale.ROOT,
        "  idle  at %5.0f s: RSS %s, heap used %s%n",
        report.idle().atSeconds(),
        LoadReport.megabytes(report.idle().residentBytes()),
        LoadReport.megabytes(report.idle().heapUsedBytes()));
    out.printf(
        Locale.ROOT,
        "  busy  at %5.0f s: RSS %s, heap used %s%n",
        report.busy().atSeconds(),
        LoadReport.megabytes(report.busy().residentBytes()),
        LoadReport.megabytes(report.busy().heapUsedBytes()));
    out.printf(
        Locale.ROOT,
        "  peak RSS over the run: %s%n",
        LoadReport.megabytes(report.peakResidentBytes()));
    for (Job job : report.jobs()) {
      out.printf(
          Locale.ROOT,
          "  job %d %s (%s, %d devices): %s%n",
          job.id(),
          job.name(),
          job.kind(),
          job.devices(),
          job.state());
    }
    out.printf(
        Locale.ROOT,
        "  %s RSS < 600 MB idle and busy%n",
        report.underTarget() ? "met   " : "MISSED");
  }

  private List<Path> validate() {
    WankaProcess.checkCanRun(spec, wankaJar);
    seconds("--settle", settleSeconds);
    seconds("--busy", busySeconds);
    List<Path> manifests = new ArrayList<>();
    try (Stream<Path> files = Files.list(examples)) {
      files.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(manifests::add);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--examples: cannot list " + examples.toAbsolutePath() + " (" + e.getMessage() + ")");
    }
    if (manifests.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--examples: " + examples.toAbsolutePath() + " holds no .yaml file");
    }
    return manifests;
  }
}
