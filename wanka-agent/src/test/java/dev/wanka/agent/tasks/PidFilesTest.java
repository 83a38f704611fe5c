package dev.wanka.agent.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFilesTest {
  @TempDir Path workDir;
  private Process process;

  @AfterEach
  void tearDown() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  @Test
  void aProcessLeftByAPreviousAgentIsStoppedAndItsFileRemoved() throws IOException {
    process = new ProcessBuilder("sleep", "300").start();
    new PidFiles(workDir).write("j1-a0-n0", process.toHandle(), Duration.ofSeconds(5));

    assertThat(new PidFiles(workDir).stopLeftovers()).containsExactly("j1-a0-n0");

    await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    assertThat(workDir.resolve("pids/j1-a0-n0.pid")).doesNotExist();
  }

  @Test
  void aReusedPidWhoseStartInstantDiffersIsNeverSignalled() throws IOException {
    process = new ProcessBuilder("sleep", "300").start();
    Files.createDirectories(workDir.resolve("pids"));
    Files.writeString(
        workDir.resolve("pids/j1-a0-n0.pid"),
        "pid=" + process.pid() + "\nstart=2001-01-01T00\\:00\\:00Z\ngraceSeconds=5\n");

    assertThat(new PidFiles(workDir).stopLeftovers()).isEmpty();

    assertThat(process.isAlive()).isTrue();
    assertThat(workDir.resolve("pids/j1-a0-n0.pid")).doesNotExist();
  }

  @Test
  void theFileOfAnEndedProcessIsRemovedWithoutAnyProcessSignalled() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    new PidFiles(workDir).write("j1-a0-n0", ended.toHandle(), Duration.ofSeconds(5));

    assertThat(new PidFiles(workDir).stopLeftovers()).isEmpty();
    assertThat(workDir.resolve("pids/j1-a0-n0.pid")).doesNotExist();
  }
}
