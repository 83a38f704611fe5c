package dev.wanka.sim.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.wanka.catalog.Catalog;
import dev.wanka.topology.Cluster;
import dev.wanka.topology.ClusterSpecReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PowerModelTest {
  private static Cluster cluster(String extra, String pools) {
    return Cluster.build(
        ClusterSpecReader.read(
            "c.yaml",
            "name: c\nfabric: {tiers: 2, layout: rail-optimized, nodesPerLeaf: 4}\n"
                + extra
                + "pools:\n"
                + pools,
            Catalog.bundled()));
  }

  private static final String H100 =
      "  - {name: h100, accelerator: h100-sxm, nodes: 1, devicesPerNode: 8}\n";

  /** One hour on 8 H100s: 4 busy all the time, and the given device-seconds on failed nodes. */
  private static DeviceTime hour(double downDeviceSeconds) {
    return new DeviceTime(
        List.of(
            new DeviceTime.Pool(
                "h100",
                Catalog.bundled().find("h100-sxm").orElseThrow(),
                8,
                4 * 3600,
                downDeviceSeconds)),
        0,
        0);
  }

  @Test
  void energyIsIdlePowerForEveryDevicePlusTheBusyShareOfTheSpanToTdpTimesPue() {
    PowerModel power =
        PowerModel.of(
            new EnergySettings(OptionalDouble.of(1.2), 0.25, 1.0, Map.of()),
            Optional.of(new CostSettings("USD", OptionalDouble.of(0.1), Map.of("H100", 2.5))),
            cluster("", H100));
    // idle 0.25 x 700 = 175 W: 8 x 3600 s x 175 W + 4 x 3600 s x (700 - 175) W = 12.6 MJ
    // = 3.5 kWh; x PUE 1.2 = 4.2 kWh over one hour: 4.2 kW; at 0.10 USD: 0.42 USD
    EnergyUse use = power.use(hour(0), 3600);
    assertThat(use.kWh().getAsDouble()).isCloseTo(4.2, within(1e-12));
    assertThat(use.averageKW().getAsDouble()).isCloseTo(4.2, within(1e-12));
    assertThat(use.energyCost().getAsDouble()).isCloseTo(0.42, within(1e-12));
    assertThat(use.deviceCost()).as("8 device-hours at 2.5").hasValue(20.0);
    assertThat(use.currency()).isEqualTo("USD");
    assertThat(power.use(hour(3600), 3600).kWh())
        .as("a failed node's devices draw idle power, as idle devices do")
        .isEqualTo(use.kWh());
  }

  @Test
  void aBusyDeviceDrawsIdlePowerPlusItsBusyUtilizationOfTheRest() {
    PowerModel power =
        PowerModel.of(
            new EnergySettings(OptionalDouble.empty(), 0.25, 0.5, Map.of("h100-sxm", 800.0)),
            Optional.empty(),
            cluster("", H100));
    // idle 200 W: 8 x 3600 x 200 + 4 x 3600 x 600 x 0.5 = 10.08 MJ = 2.8 kWh, PUE 1
    assertThat(power.use(hour(0), 3600).kWh().getAsDouble()).isCloseTo(2.8, within(1e-12));
    assertThat(power.use(hour(0), 3600).energyCost()).isEmpty();
    assertThat(power.use(hour(0), 3600).deviceCost()).isEmpty();
  }

  @Test
  void pueAndElectricityPriceDefaultToTheClusterSpecsWhenTheCurrencyAgrees() {
    Cluster priced = cluster("pue: 1.5\nprices: {currency: CNY, powerPerKwh: 0.8}\n", H100);
    PowerModel fromCluster = PowerModel.of(EnergySettings.DEFAULTS, Optional.empty(), priced);
    assertThat(fromCluster.pue()).isEqualTo(1.5);
    assertThat(fromCluster.perKWh()).hasValue(0.8);
    assertThat(fromCluster.currency()).isEqualTo("CNY");
    PowerModel sameCurrency =
        PowerModel.of(
            EnergySettings.DEFAULTS,
            Optional.of(new CostSettings("CNY", OptionalDouble.empty(), Map.of())),
            priced);
    assertThat(sameCurrency.perKWh()).hasValue(0.8);
    PowerModel otherCurrency =
        PowerModel.of(
            EnergySettings.DEFAULTS,
            Optional.of(new CostSettings("USD", OptionalDouble.empty(), Map.of())),
            priced);
    assertThat(otherCurrency.perKWh()).isEmpty();
    assertThat(otherCurrency.describe(List.of(priced.pools().get(0).accelerator())))
        .contains("electricity: no price", "TDP: h100-sxm 700 W (catalog)");
  }

  @Test
  void anUnknownTdpLeavesEnergyUnknownWithTheReasonAndTheFix() {
    Cluster ascend =
        cluster(
            "",
            "  - {name: npu, accelerator: ascend-910b2, nodes: 1, devicesPerNode: 8,"
                + " nicGbps: 200}\n");
    DeviceTime run =
        new DeviceTime(
            List.of(new DeviceTime.Pool("npu", ascend.pools().get(0).accelerator(), 8, 3600, 0)),
            0,
            0);
    EnergyUse unknown =
        PowerModel.of(EnergySettings.DEFAULTS, Optional.empty(), ascend).use(run, 3600);
    assertThat(unknown.kWh()).isEmpty();
    assertThat(unknown.unknown())
        .singleElement()
        .asString()
        .startsWith("energy unknown: the TDP of ascend-910b2 is unknown (")
        .endsWith("give energy.tdpWatts.ascend-910b2 in the scenario");
    EnergySettings given =
        new EnergySettings(OptionalDouble.empty(), 0.25, 1.0, Map.of("ascend-910b2", 400.0));
    // 8 x 3600 x 100 W + 3600 x 300 W = 3.96 MJ = 1.1 kWh
    assertThat(PowerModel.of(given, Optional.empty(), ascend).use(run, 3600).kWh().getAsDouble())
        .isCloseTo(1.1, within(1e-12));
  }

  @Test
  void typesMustBeTheClustersAndEveryTypeNeedsAPriceOrNone() {
    Cluster mixed =
        cluster("", H100 + "  - {name: h20, accelerator: h20, nodes: 1, devicesPerNode: 8}\n");
    assertThatThrownBy(
            () ->
                PowerModel.of(
                    new EnergySettings(OptionalDouble.empty(), 0.1, 1, Map.of("b200", 1000.0)),
                    Optional.empty(),
                    mixed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "energy.tdpWatts.b200: 'b200' is not a type of cluster c; allowed: h100-sxm, h20");
    assertThatThrownBy(
            () ->
                PowerModel.of(
                    EnergySettings.DEFAULTS,
                    Optional.of(
                        new CostSettings("USD", OptionalDouble.empty(), Map.of("h100-sxm", 2.0))),
                    mixed))
        .hasMessage(
            "cost.perDeviceHour: no price for h20; give one for every type of cluster c"
                + " (h100-sxm, h20), or none");
  }
}
