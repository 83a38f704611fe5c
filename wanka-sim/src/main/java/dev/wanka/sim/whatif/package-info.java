/**
 * What-if: "when will my job start?" A {@link dev.wanka.sim.whatif.ClusterSnapshot} of a cluster's
 * state and queue is forked into a fresh scheduler core, and {@link
 * dev.wanka.sim.whatif.StartTimePredictor} runs it forward on a virtual clock, each job taking its
 * estimate, to the first start of every pending gang.
 */
package dev.wanka.sim.whatif;
