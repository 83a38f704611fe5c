package dev.wanka.perf;

/**
 * A model's layers on the pipeline stages of a parallel layout, and the weights each stage's
 * devices hold: shared weights split over tensor-parallel ranks, routed experts also over
 * expert-parallel ranks.
 */
final class PipelineStages {
  private final ModelSpec model;
  private final Parallelism p;
  private final PipelineLayout layout;

  PipelineStages(ModelSpec model, Parallelism parallelism) {
    this.model = model;
    this.p = parallelism;
    this.layout = new PipelineLayout(model.layers(), parallelism.pp());
  }

  int layersOn(int stage) {
    return layout.layersOn(stage);
  }

  /** MoE models keep their dense layers first (DeepSeek-V3: layers 0-2). */
  int denseLayersIn(int stage) {
    int layers = layersOn(stage);
    return Math.max(0, Math.min(layers, model.denseLayers() - layout.firstLayerOf(stage)));
  }

  /** Weights on one device of a stage that every data-parallel rank holds (not routed experts). */
  double denseParametersOn(int stage) {
    int layersPerStage = layersOn(stage);
    int denseLayers = denseLayersIn(stage);
    int moeLayers = layersPerStage - denseLayers;
    double perLayerShared = model.attentionParametersPerLayer() + 2.0 * model.hidden();
    double sharedExperts =
        model
            .moe()
            .map(
                m ->
                    (double) m.sharedExperts() * model.expertParameters()
                        + (double) model.hidden() * m.experts())
            .orElse(0.0);
    double parameters =
        layersPerStage * perLayerShared
            + denseLayers * (double) model.denseFfnParameters()
            + moeLayers * sharedExperts;
    double embedding = (double) model.vocab() * model.hidden();
    if (stage == 0) {
      parameters += embedding;
    }
    if (stage == p.pp() - 1 && (!model.tiedEmbeddings() || p.pp() > 1)) {
      parameters += embedding; // the output layer (a tied one is duplicated on the last stage)
    }
    return parameters / p.tp();
  }

  /** Routed-expert weights on one device of the stage with the most MoE layers. */
  double mostExpertParameters() {
    double most = 0;
    for (int stage = 0; stage < p.pp(); stage++) {
      most = Math.max(most, expertParametersOn(stage));
    }
    return most;
  }

  /** Routed-expert weights on one device of a stage: its share of each MoE layer's experts. */
  double expertParametersOn(int stage) {
    if (!model.isMoe()) {
      return 0;
    }
    int moeLayers = layersOn(stage) - denseLayersIn(stage);
    return (double) moeLayers
        * model.moe().get().experts()
        / p.ep()
        * model.expertParameters()
        / p.tp();
  }
}
