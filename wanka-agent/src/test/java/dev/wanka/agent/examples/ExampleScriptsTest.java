package dev.wanka.agent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands of the example jobs (examples/jobs/bin), run with /bin/sh (dash on Debian, so no
 * bash features) in a temporary directory, as an agent runs them: the environment printed, steps
 * run, checkpoints written and resumed from, SIGTERM handled.
 */
class ExampleScriptsTest {
  private static final Path BIN = Path.of("..", "examples", "jobs", "bin").toAbsolutePath();
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path work;
  private Path output;
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void outputFile(@TempDir Path logs) {
    output = logs.resolve("output.txt");
  }

  @AfterEach
  void stopWhatIsStillRunning() {
    started.forEach(Process::destroyForcibly);
  }

  /** The variables an agent sets for node rank 0 of a 16-device gang, checkpointing to ckpt. */
  private static Map<String, String> gangEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("WANKA_JOB_ID", "7");
    env.put("WANKA_ATTEMPT", "1");
    env.put("WANKA_TASK_ID", "j7-a1-n0");
    env.put("WANKA_CHECKPOINT_DIR", "ckpt");
    env.put("MASTER_ADDR", "10.0.0.1");
    env.put("MASTER_PORT", "29500");
    env.put("WORLD_SIZE", "16");
    env.put("NNODES", "2");
    env.put("NODE_RANK", "0");
    env.put("NPROC_PER_NODE", "8");
    env.put("CUDA_VISIBLE_DEVICES", "0,1,2,3,4,5,6,7");
    return env;
  }

  private Process start(String script, Map<String, String> env, String... arguments)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("/bin/sh", BIN.resolve(script).toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    // Only what an agent would pass: nothing from the environment the tests run in.
    builder.environment().keySet().retainAll(List.of("PATH"));
    builder.environment().putAll(env);
    builder.redirectErrorStream(true).redirectOutput(output.toFile());
    Process process = builder.start();
    started.add(process);
    return process;
  }

  /** Runs a script to its end; returns its exit code. */
  private int run(String script, Map<String, String> env, String... arguments) throws Exception {
    Process process = start(script, env, arguments);
    assertThat(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS))
        .as("%s ends; output so far:%n%s", script, output())
        .isTrue();
    return process.exitValue();
  }

  private String output() throws IOException {
    return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
  }

  /** Waits (up to a generous deadline) until the output holds {@code text}. */
  private void awaitOutput(String text) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!output().contains(text)) {
      assertThat(System.nanoTime())
          .as("'%s' in the output:%n%s", text, output())
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private List<String> checkpointFiles() throws IOException {
    Path dir = work.resolve("ckpt");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private String checkpoint(int step) throws IOException {
    return Files.readString(work.resolve("ckpt").resolve(String.format("ckpt-%09d", step)));
  }

  @Test
  void trainingPrintsItsRendezvousEnvironmentRunsItsStepsAndExitsZero() throws Exception {
    int exit = run("train.sh", gangEnvironment(), "--steps", "5", "--step-seconds", "0");

    assertThat(exit).as(output()).isZero();
    assertThat(output())
        .contains(
            "job 7 attempt 1 task j7-a1-n0\n",
            "MASTER_ADDR=10.0.0.1\n",
            "MASTER_PORT=29500\n",
            "WORLD_SIZE=16\n",
            "NNODES=2\n",
            "NODE_RANK=0\n",
            "NPROC_PER_NODE=8\n",
            "CUDA_VISIBLE_DEVICES=0,1,2,3,4,5,6,7\n",
            "step 1/5 loss ",
            "step 5/5 loss ",
            "done after 5 steps\n")
        .doesNotContain("resuming");
  }

  @Test
  void rankZeroCheckpointsEveryNStepsAndKeepsTheLatestThree() throws Exception {
    int exit =
        run(
            "train.sh",
            gangEnvironment(),
            "--steps",
            "11",
            "--step-seconds",
            "0",
            "--checkpoint-every",
            "2");

    assertThat(exit).as(output()).isZero();
    // every 2 steps and at the end: 2, 4, 6, 8, 10, 11; the latest three stay
    assertThat(checkpointFiles())
        .containsExactly("ckpt-000000008", "ckpt-000000010", "ckpt-000000011");
    assertThat(checkpoint(11)).startsWith("step=11\nloss=");
  }

  @Test
  void aRestartedAttemptResumesFromTheLatestCheckpoint() throws Exception {
    assertThat(run("train.sh", gangEnvironment(), "--steps", "4", "--step-seconds", "0")).isZero();
    Map<String, String> second = gangEnvironment();
    second.put("WANKA_ATTEMPT", "2");

    int exit = run("train.sh", second, "--steps", "7", "--step-seconds", "0");

    assertThat(exit).as(output()).isZero();
    assertThat(output())
        .contains("attempt 2", "resuming from step 4\n", "step 5/7 loss ", "step 7/7 loss ")
        .doesNotContain("step 4/7", "step 1/7");
  }

  @Test
  void aTemporaryFileLeftByAKillIsNotTakenForACheckpoint() throws Exception {
    Path dir = Files.createDirectories(work.resolve("ckpt"));
    Files.writeString(dir.resolve("ckpt-000000004"), "step=4\nloss=8.8966\n");
    Files.writeString(dir.resolve(".ckpt-tmp.4242"), "step=9"); // torn: killed while writing

    int exit = run("train.sh", gangEnvironment(), "--steps", "6", "--step-seconds", "0");

    assertThat(exit).as(output()).isZero();
    assertThat(output()).contains("resuming from step 4\n", "step 5/6");
  }

  @Test
  void otherNodeRanksResumeButDoNotWriteCheckpoints() throws Exception {
    Map<String, String> rankOne = gangEnvironment();
    rankOne.put("NODE_RANK", "1");

    int exit = run("train.sh", rankOne, "--steps", "4", "--step-seconds", "0");

    assertThat(exit).as(output()).isZero();
    assertThat(output()).contains("node rank 1: node rank 0 writes the checkpoints");
    assertThat(checkpointFiles()).isEmpty();
  }

  @Test
  void withoutACheckpointDirectoryTrainingRunsWithoutCheckpoints() throws Exception {
    Map<String, String> env = gangEnvironment();
    env.remove("WANKA_CHECKPOINT_DIR");

    int exit = run("train.sh", env, "--steps", "3", "--step-seconds", "0");

    assertThat(exit).as(output()).isZero();
    assertThat(output())
        .contains("no WANKA_CHECKPOINT_DIR: not checkpointing", "done after 3 steps");
    assertThat(checkpointFiles()).isEmpty();
  }

  @Test
  void onSigtermTrainingWritesACheckpointAndExits143ThenResumesFromIt() throws Exception {
    Process process =
        start(
            "train.sh",
            gangEnvironment(),
            "--steps",
            "1000",
            "--step-seconds",
            "1",
            "--checkpoint-every",
            "1000");
    awaitOutput("step 2/1000");

    process.destroy(); // SIGTERM, as an agent stops a task
    assertThat(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as(output()).isTrue();

    assertThat(process.exitValue()).as(output()).isEqualTo(143);
    List<String> files = checkpointFiles();
    assertThat(files).as("one whole checkpoint, no temporary file").hasSize(1);
    int step = Integer.parseInt(files.get(0).substring("ckpt-".length()));
    assertThat(step).isGreaterThanOrEqualTo(2);
    assertThat(output())
        .contains("SIGTERM after step " + step + ": saving a checkpoint, then stopping\n");
    assertThat(checkpoint(step)).startsWith("step=" + step + "\n");

    int last = step + 2;
    int exit = run("train.sh", gangEnvironment(), "--steps", "" + last, "--step-seconds", "0");

    assertThat(exit).as(output()).isZero();
    assertThat(output())
        .contains("resuming from step " + step + "\n", "step " + last + "/" + last)
        .doesNotContain("step " + step + "/");
  }

  @Test
  void theServiceRunsUntilSigtermAndThenStopsCleanly() throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("WANKA_JOB_ID", "9");
    env.put("CUDA_VISIBLE_DEVICES", "3");
    Process process = start("serve.sh", env, "--interval", "1");
    awaitOutput("handled 3 requests");
    assertThat(process.isAlive()).isTrue();

    process.destroy();
    assertThat(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as(output()).isTrue();

    assertThat(process.exitValue()).as(output()).isZero();
    assertThat(output())
        .contains("service 9 ", "CUDA_VISIBLE_DEVICES=3\n", "serving\n", "stopped cleanly\n");
  }

  @Test
  void badArgumentsAreRefusedNamingTheArgument() throws Exception {
    assertThat(run("train.sh", Map.of(), "--steps", "ten")).isEqualTo(2);
    assertThat(output()).contains("train.sh: --steps 'ten' is not allowed: must be a whole number");

    assertThat(run("train.sh", Map.of(), "--epochs", "3")).isEqualTo(2);
    assertThat(output()).contains("unknown argument '--epochs'; allowed: --steps N");

    assertThat(run("serve.sh", Map.of(), "--interval", "0")).isEqualTo(2);
    assertThat(output()).contains("serve.sh: --interval '0' is not allowed");
  }
}
