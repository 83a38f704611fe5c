/**
 * Fragmentation-aware packing of GPU-sharing pods: the policies of Weng et al., "Beware of
 * Fragmentation: Scheduling GPU-Sharing Workloads with Fragmentation Gradient Descent", USENIX
 * ATC'23 — Random, DotProd, GpuClustering, GpuPacking, BestFit and FGD — as the paper's public
 * simulator (github.com/hkust-adsl/kubernetes-scheduler-simulator, commit 8f3d6417) runs them.
 *
 * <p>"PROTOCOL §n" in this package refers to the restatement of that simulator kept with the
 * experiment's data, {@code examples/fgd/PROTOCOL.md}: §1 cluster, §2 workload, §3 scheduling cycle
 * (filter, score, pick, GPU assignment), §4 policies, §5 typical pods and node fragmentation, §6
 * metrics. The tests replay the simulator's orders and reproduce its published curves column for
 * column.
 *
 * <p>The pieces map onto a Kubernetes-style scheduler's extension points: {@link
 * dev.wanka.sched.fragmentation.FeasibilityFilter} filters, a {@link
 * dev.wanka.sched.fragmentation.PackingPolicy} scores (and normalises) and chooses GPUs (reserve),
 * {@link dev.wanka.sched.fragmentation.GpuNode#bind} binds; {@link
 * dev.wanka.sched.fragmentation.PodPlacer} runs one such cycle. Nothing here knows about time,
 * queues or a simulator loop. Randomness comes only from a caller's {@link
 * java.util.SplittableRandom}.
 */
package dev.wanka.sched.fragmentation;
