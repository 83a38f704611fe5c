package dev.wanka.cli;

import dev.wanka.catalog.Accelerator;
import dev.wanka.perf.Calibration;
import dev.wanka.perf.ModelCatalog.ModelPreset;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.PoolSpec;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link TrainingView} and {@link InferenceView} show besides the estimate, and show alike:
 * the model, the accelerator, where the devices sit (a cluster spec's pool or the standard cluster)
 * and the calibration used.
 */
interface EstimateContext {
  ModelPreset model();

  Accelerator accelerator();

  /** The cluster spec's model, or null for the standard cluster. */
  Cluster cluster();

  Calibration calibration();

  default String clusterName() {
    return cluster() == null ? "standard" : cluster().name();
  }

  /** The pool the devices sit in (the first of their accelerator), when a cluster was given. */
  default Optional<PoolSpec> pool() {
    if (cluster() == null) {
      return Optional.empty();
    }
    return cluster().pools().stream()
        .filter(p -> p.accelerator().id().equals(accelerator().id()))
        .findFirst();
  }

  /** {@code standard cluster} or {@code cluster NAME pool POOL}, for the header. */
  default String placement() {
    return cluster() == null
        ? "standard cluster"
        : "cluster " + cluster().name() + pool().map(p -> " pool " + p.name()).orElse("");
  }

  /** The calibration's vendor and the accelerators it is for, for the header. */
  default String calibrationName() {
    return calibration().vendor()
        + (calibration().accelerators().isEmpty()
            ? ""
            : " " + String.join("/", calibration().accelerators()));
  }

  /** Why there is no energy figure. */
  default String energyUnknown() {
    return "the catalog has no TDP for "
        + accelerator().id()
        + " ("
        + accelerator().tdpWatts().reason()
        + "); give one with --catalog FILE";
  }

  /** Puts {@code model}, {@code modelName}, {@code parametersBillions}. */
  default void putModel(Map<String, Object> json) {
    json.put("model", model().id());
    json.put("modelName", model().name());
    json.put("parametersBillions", Json.round(model().spec().parameters() / 1e9));
  }

  /** Puts {@code cluster}, {@code pool} (with a cluster spec) and {@code calibration}. */
  default void putPlacement(Map<String, Object> json) {
    json.put("cluster", clusterName());
    pool().ifPresent(pool -> json.put("pool", pool.name()));
    Map<String, Object> calibration = new LinkedHashMap<>();
    calibration.put("vendor", calibration().vendor());
    calibration.put("accelerators", calibration().accelerators());
    calibration.put("source", calibration().source());
    json.put("calibration", calibration);
  }

  /** One line of a view: the label in a column of 15, then the value. */
  static void field(PrintWriter out, String label, String value) {
    out.printf("  %-15s %s%n", label, value);
  }
}
