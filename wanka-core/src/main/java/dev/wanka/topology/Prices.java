package dev.wanka.topology;

import java.util.OptionalDouble;

/**
 * What money figures are in, and the price of electricity.
 *
 * @param currency ISO 4217 code such as USD or CNY; every money figure in the spec uses it
 * @param powerPerKwh price of one kWh drawn from the grid, when known
 */
public record Prices(String currency, OptionalDouble powerPerKwh) {}
