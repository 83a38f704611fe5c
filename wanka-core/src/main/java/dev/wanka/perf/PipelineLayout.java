package dev.wanka.perf;

/**
 * Which layers each pipeline stage holds. When the layers do not split evenly, the remainder goes
 * to the middle stages first, then the first stage: the first and last stages, which also hold the
 * embedding and the output layer, get one fewer, as in Llama 3's training (126 layers on 16 stages:
 * 7, 8 x 14, 7). Lookups are O(1).
 */
final class PipelineLayout {
  private final int[] firstLayer;

  PipelineLayout(int layers, int stages) {
    if (stages < 1 || layers < stages) {
      throw new IllegalArgumentException(layers + " layers cannot fill " + stages + " stages");
    }
    firstLayer = new int[stages + 1];
    int extra = layers % stages;
    for (int stage = 0; stage < stages; stage++) {
      int preference = stage == 0 ? stages - 2 : stage == stages - 1 ? stages - 1 : stage - 1;
      int held = stages == 1 ? layers : layers / stages + (preference < extra ? 1 : 0);
      firstLayer[stage + 1] = firstLayer[stage] + held;
    }
  }

  int stages() {
    return firstLayer.length - 1;
  }

  int layersOn(int stage) {
    return firstLayer[stage + 1] - firstLayer[stage];
  }

  int firstLayerOf(int stage) {
    return firstLayer[stage];
  }
}
