package dev.wanka.bench;

/**
 * The manifests the load generator submits, in a fixed order that repeats every 20 jobs (so a run
 * is the same every time): 10 BatchJobs of 1 device, 5 TrainingJobs of 8 devices on one node, 3
 * TrainingJobs of 16 devices on two nodes (8 per node, a gang), and 2 InferenceServices of 2
 * replicas of 1 device; 5.1 devices a job on average. Batch and training tasks exit 0 after {@code
 * runSeconds} (the simulated agents read {@value SimulatedAgent#RUN_SECONDS_ENV}); service replicas
 * run until the end.
 */
final class JobMix {
  /** One letter per job of the cycle: Batch, Training on 8, Gang of 16, Service. */
  private static final String CYCLE = "BTBGBTBSBTBGBTBSBGBT";

  private final String accelerator;
  private final double runSeconds;

  JobMix(String accelerator, double runSeconds) {
    this.accelerator = accelerator;
    this.runSeconds = runSeconds;
  }

  /** The manifest (YAML) of the {@code n}th job, counting from 0. */
  String manifest(long n) {
    switch (CYCLE.charAt((int) (n % CYCLE.length()))) {
      case 'B':
        return job("BatchJob", "batch-" + n, "  devices: 1\n");
      case 'T':
        return job("TrainingJob", "train8-" + n, "  devices: 8\n  devicesPerNode: 8\n");
      case 'G':
        return job("TrainingJob", "gang16-" + n, "  devices: 16\n  devicesPerNode: 8\n");
      default:
        return "apiVersion: wanka/v1\n"
            + "kind: InferenceService\n"
            + "metadata:\n"
            + "  name: serve-"
            + n
            + "\n"
            + "spec:\n"
            + "  replicas: 2\n"
            + "  devices: 1\n"
            + "  placement: node\n"
            + "  accelerators: ["
            + accelerator
            + "]\n"
            + "  command: [sleep, infinity]\n";
    }
  }

  private String job(String kind, String name, String devices) {
    long seconds = Math.max(1, Math.round(runSeconds));
    return "apiVersion: wanka/v1\n"
        + "kind: "
        + kind
        + "\n"
        + "metadata:\n"
        + "  name: "
        + name
        + "\n"
        + "spec:\n"
        + devices
        + "  accelerators: ["
        + accelerator
        + "]\n"
        + "  estimatedSeconds: "
        + seconds
        + "\n"
        + "  command: [sleep, \""
        + runSeconds
        + "\"]\n"
        + "  env:\n"
        + "    "
        + SimulatedAgent.RUN_SECONDS_ENV
        + ": \""
        + runSeconds
        + "\"\n";
  }
}
