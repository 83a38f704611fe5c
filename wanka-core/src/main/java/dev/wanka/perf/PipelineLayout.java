package dev.wanka.perf;

/**
 * Which layers each pipeline stage holds. When the layers do not split evenly, the first and last
 * stages (which also hold the embedding and the output layer) get one fewer, as in Llama 3's
 * training (126 layers on 16 stages: 7, 8 x 14, 7).
 */
record PipelineLayout(int layers, int stages) {
  PipelineLayout {
    if (stages < 1 || layers < stages) {
      throw new IllegalArgumentException(layers + " layers cannot fill " + stages + " stages");
    }
  }

  int layersOn(int stage) {
    if (stages == 1) {
      return layers;
    }
    int extra = layers % stages;
    // Middle stages take the remainder first, then the first stage, then the last.
    int preference = stage == 0 ? stages - 2 : stage == stages - 1 ? stages - 1 : stage - 1;
    return layers / stages + (preference < extra ? 1 : 0);
  }

  int firstLayerOf(int stage) {
    int first = 0;
    for (int s = 0; s < stage; s++) {
      first += layersOn(s);
    }
    return first;
  }
}
