package dev.wanka.perf;

import java.util.ArrayList;
import java.util.List;

/** Every reason a training configuration cannot run as given, found at once. */
final class TrainingChecks {
  private TrainingChecks() {}

  static List<SetupProblem> problems(TrainingSetup job, int devices) {
    List<SetupProblem> problems = new ArrayList<>();
    ModelSpec model = job.model();
    Parallelism p = job.parallelism();
    int modelParallel = p.tp() * p.pp() * p.cp();
    if (devices % modelParallel != 0) {
      problems.add(
          new SetupProblem(
              "devices",
              devices
                  + " is not a multiple of tp x pp x cp = "
                  + modelParallel
                  + "; the data-parallel size is devices / (tp x pp x cp)"));
    } else if (p.devices() != devices) {
      problems.add(
          new SetupProblem(
              "devices",
              "tp x pp x cp x dp = "
                  + p.devices()
                  + " uses "
                  + p.devices()
                  + " of "
                  + devices
                  + " devices; the data-parallel size must be "
                  + devices / modelParallel));
    }
    if (job.microBatch() < 1) {
      problems.add(new SetupProblem("microBatch", job.microBatch() + " must be >= 1"));
    }
    if (job.globalBatch() < 1) {
      problems.add(new SetupProblem("globalBatch", job.globalBatch() + " must be >= 1"));
    }
    if (job.microBatch() >= 1
        && job.globalBatch() >= 1
        && job.globalBatch() % ((long) job.microBatch() * p.dp()) != 0) {
      problems.add(
          new SetupProblem(
              "globalBatch",
              job.globalBatch()
                  + " must be a multiple of the micro-batch x the data-parallel size = "
                  + job.microBatch()
                  + " x "
                  + p.dp()
                  + " = "
                  + (long) job.microBatch() * p.dp()));
    }
    if (model.layers() < p.pp()) {
      problems.add(
          new SetupProblem(
              "pp", p.pp() + " stages are more than the model's " + model.layers() + " layers"));
    } else if (p.vpp() > 1 && model.layers() / p.pp() < p.vpp()) {
      problems.add(
          new SetupProblem(
              "vpp",
              p.vpp()
                  + " model chunks per stage need at least as many layers on every stage; the"
                  + " smallest stage holds "
                  + model.layers() / p.pp()
                  + " of the model's "
                  + model.layers()));
    }
    if (p.vpp() > 1 && p.pp() == 1) {
      problems.add(new SetupProblem("vpp", "virtual stages need pipeline parallelism (pp > 1)"));
    } else if (p.vpp() > 1
        && job.microBatch() >= 1
        && job.globalBatch() % ((long) job.microBatch() * p.dp()) == 0
        && job.microBatches() % p.pp() != 0) {
      problems.add(
          new SetupProblem(
              "vpp",
              "the interleaved schedule needs the micro-batches per step ("
                  + job.microBatches()
                  + ") to be a multiple of pp ("
                  + p.pp()
                  + ")"));
    }
    if (model.heads() % p.tp() != 0) {
      problems.add(
          new SetupProblem(
              "tp", p.tp() + " must divide the model's " + model.heads() + " attention heads"));
    } else if (model.mla().isEmpty()
        && model.kvHeads() % p.tp() != 0
        && p.tp() % model.kvHeads() != 0) {
      problems.add(
          new SetupProblem(
              "tp",
              p.tp()
                  + " must divide the model's "
                  + model.kvHeads()
                  + " key/value heads or be a multiple of them (each rank holds whole heads)"));
    }
    if (p.cp() > 1 && job.seq() % (2 * p.cp()) != 0) {
      problems.add(
          new SetupProblem(
              "cp",
              "context parallelism splits the sequence into 2 x cp balanced chunks, so 2 x "
                  + p.cp()
                  + " must divide seq "
                  + job.seq()));
    }
    if (p.ep() > 1) {
      if (!model.isMoe()) {
        problems.add(
            new SetupProblem("ep", "expert parallelism needs a mixture-of-experts model; use 1"));
      } else {
        int experts = model.moe().get().experts();
        if (experts % p.ep() != 0) {
          problems.add(
              new SetupProblem("ep", p.ep() + " must divide the model's " + experts + " experts"));
        }
        if ((p.dp() * p.cp()) % p.ep() != 0) {
          problems.add(
              new SetupProblem(
                  "ep",
                  p.ep()
                      + " must divide dp x cp = "
                      + p.dp() * p.cp()
                      + " (expert-parallel groups are carved from the data-parallel ranks)"));
        }
      }
    }
    if (job.zeroStage() < 0 || job.zeroStage() > 3) {
      problems.add(new SetupProblem("zeroStage", job.zeroStage() + " is not one of 0, 1, 2, 3"));
    } else if (job.zeroStage() >= 2 && p.pp() > 1) {
      problems.add(
          new SetupProblem(
              "zeroStage",
              "ZeRO stage "
                  + job.zeroStage()
                  + " shards gradients per micro-batch and does not combine with pipeline"
                  + " parallelism; use 0 or 1 (the distributed optimizer) with pp > 1"));
    }
    return problems;
  }
}
