/**
 * The twin's discrete-event engine: a {@link dev.wanka.sim.engine.VirtualClock} and an {@link
 * dev.wanka.sim.engine.EventQueue} ordered by (time, sequence), so that every run is reproducible
 * from its inputs and seed, and the hot path allocates nothing per event.
 */
package dev.wanka.sim.engine;
