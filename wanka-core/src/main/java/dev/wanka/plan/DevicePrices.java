package dev.wanka.plan;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import dev.wanka.spec.MapReader;
import dev.wanka.spec.Problems;
import dev.wanka.spec.Values;
import dev.wanka.spec.YamlNode;
import dev.wanka.spec.YamlNode.YamlMap;
import dev.wanka.spec.YamlTreeReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * What one device-hour of each accelerator type costs (rented, or owned and amortized, power
 * included), in one currency. Read from a small YAML file:
 *
 * <pre>
 * currency: USD
 * perDeviceHour:
 *   h100-sxm: 2.50
 *   ascend-910b3: 1.20
 * </pre>
 */
public record DevicePrices(String currency, Map<String, Double> perDeviceHour) {
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  public DevicePrices {
    perDeviceHour = Map.copyOf(perDeviceHour);
  }

  /** No prices: plans rank by device-hours and report no cost. */
  public static DevicePrices none() {
    return new DevicePrices("", Map.of());
  }

  public OptionalDouble of(Accelerator accelerator) {
    return of(accelerator.id());
  }

  /** The price of a device-hour of the accelerator with this catalog id, if given. */
  public OptionalDouble of(String acceleratorId) {
    Double price = perDeviceHour.get(acceleratorId);
    return price == null ? OptionalDouble.empty() : OptionalDouble.of(price);
  }

  public boolean isEmpty() {
    return perDeviceHour.isEmpty();
  }

  /** Reads a prices file; accelerator names are catalog ids or aliases. */
  public static DevicePrices read(String source, String yaml, Catalog catalog) {
    Problems problems = new Problems();
    MapReader top =
        MapReader.of(YamlTreeReader.read(source, yaml), "", problems, "currency", "perDeviceHour");
    String currency = top.string("currency");
    if (!currency.isEmpty() && !CURRENCY.matcher(currency).matches()) {
      top.problem(
          "currency", "'" + currency + "' is not allowed: must be an ISO 4217 code such as USD");
    }
    Map<String, Double> prices = new LinkedHashMap<>();
    Optional<YamlNode> table = top.required("perDeviceHour", "a map of accelerator id to price");
    if (table.isPresent()) {
      if (!(table.get() instanceof YamlMap map)) {
        top.problem("perDeviceHour", "must be a map of accelerator id to price per device-hour");
      } else {
        for (Map.Entry<String, YamlNode> entry : map.entries().entrySet()) {
          String path = "perDeviceHour." + entry.getKey();
          Optional<Accelerator> accelerator = catalog.find(entry.getKey());
          if (accelerator.isEmpty()) {
            problems.add(
                map.keyAt().get(entry.getKey()), path, catalog.notFoundMessage(entry.getKey()));
            continue;
          }
          Values.number(entry.getValue(), path, 0, true, 1e6, problems)
              .ifPresent(price -> prices.put(accelerator.get().id(), price));
        }
      }
    }
    problems.throwIfAny();
    return new DevicePrices(currency, prices);
  }
}
