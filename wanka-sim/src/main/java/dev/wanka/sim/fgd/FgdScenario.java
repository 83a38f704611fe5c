package dev.wanka.sim.fgd;

import java.util.List;
import java.util.Optional;

/**
 * The FGD experiment as written in a scenario file ({@code experiment: fgd}; see {@link
 * FgdScenarioReader}). Paths are as written, relative to the scenario file.
 *
 * @param orders how each seed's arrival order is chosen
 * @param ordersDirectory where the simulator's shipped orders are, if anywhere
 */
public record FgdScenario(
    String name,
    String nodesPath,
    String podsPath,
    double inflation,
    OrderChoice orders,
    Optional<String> ordersDirectory,
    List<String> policies,
    int seeds,
    int firstSeed,
    Optional<String> publishedAllocationPath,
    Optional<String> publishedFragmentationPath) {

  /** How the experiment chooses each seed's arrival order. */
  public enum OrderChoice implements dev.wanka.spec.Keyword {
    /** The shipped orders when they were made for this trace and seed, else Wanka's generator. */
    AUTO("auto"),
    /** The shipped orders; an error if they are missing or made for another trace. */
    REPLAY("replay"),
    /** Wanka's seeded generator. */
    SEEDED("seeded");

    private final String keyword;

    OrderChoice(String keyword) {
      this.keyword = keyword;
    }

    @Override
    public String keyword() {
      return keyword;
    }
  }

  public FgdScenario {
    policies = List.copyOf(policies);
  }

  /** The seeds to run: {@code seeds} of them from {@code firstSeed}. */
  public List<Integer> seedList() {
    return java.util.stream.IntStream.range(firstSeed, firstSeed + seeds).boxed().toList();
  }

  public FgdScenario withPolicies(List<String> newPolicies) {
    return new FgdScenario(
        name,
        nodesPath,
        podsPath,
        inflation,
        orders,
        ordersDirectory,
        newPolicies,
        seeds,
        firstSeed,
        publishedAllocationPath,
        publishedFragmentationPath);
  }

  public FgdScenario withSeeds(int newSeeds) {
    return new FgdScenario(
        name,
        nodesPath,
        podsPath,
        inflation,
        orders,
        ordersDirectory,
        policies,
        newSeeds,
        firstSeed,
        publishedAllocationPath,
        publishedFragmentationPath);
  }
}
