package dev.wanka.agent.discovery;

import java.util.List;
import java.util.Optional;

/** Runs a vendor's tool ({@code nvidia-smi}, {@code npu-smi}) and hands back what it printed. */
@FunctionalInterface
public interface ToolRunner {
  /**
   * Runs the command to completion.
   *
   * @return empty when the program is not installed (cannot be started)
   */
  Optional<ToolOutput> run(List<String> command);

  /** What a tool printed on standard output and error, and its exit code. */
  record ToolOutput(int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
      return exitCode == 0;
    }
  }
}
