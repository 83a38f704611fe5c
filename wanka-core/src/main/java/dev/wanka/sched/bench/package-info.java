/**
 * The scheduler benchmark of issue 4's performance targets, as a pure library: a generated 3-tier
 * H100 cluster ({@link dev.wanka.sched.bench.BenchCluster}), a seeded workload generator ({@link
 * dev.wanka.sched.bench.WorkloadMix}), the two measured situations ({@link
 * dev.wanka.sched.bench.SingleNodeScenario}: placements per second of single-node work; {@link
 * dev.wanka.sched.bench.GangScenario}: one cycle that places an 8,192-device gang on a 70%-busy
 * cluster with a pending queue) and the runner that times them ({@link
 * dev.wanka.sched.bench.SchedulerBench}).
 *
 * <p>Nothing here reads a clock, starts a thread or does I/O: the runner is handed a nanosecond
 * clock by its caller ({@code wanka bench scheduler} passes {@code System::nanoTime}), the JMH
 * benchmark in wanka-bench drives the scenarios itself, and every random choice comes from a {@link
 * java.util.SplittableRandom} seeded by the caller, so the same seed gives the same clusters, jobs
 * and placements.
 */
package dev.wanka.sched.bench;
