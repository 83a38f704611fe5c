package dev.wanka.sim.accounting;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A run's energy and money, from time 0 to its end.
 *
 * @param kWh facility energy (devices' power times PUE); empty when a type's TDP is unknown
 * @param averageKW kWh over the run's hours
 * @param energyCost kWh times the electricity price, when there is one
 * @param deviceCost every device's hours times its type's device-hour price, when prices are given
 * @param currency what the costs are in ("" when there are none)
 * @param unknown why kWh is unknown, one line per type
 */
public record EnergyUse(
    OptionalDouble kWh,
    OptionalDouble averageKW,
    OptionalDouble energyCost,
    OptionalDouble deviceCost,
    String currency,
    List<String> unknown) {
  public EnergyUse {
    unknown = List.copyOf(unknown);
  }
}
