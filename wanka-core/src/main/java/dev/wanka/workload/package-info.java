/**
 * The workload model of the scheduler core: what users submit and the scheduler places.
 *
 * <p>A {@link dev.wanka.workload.Workload} is one of four immutable records: a {@link
 * dev.wanka.workload.TrainingJob} (an all-or-nothing gang, possibly elastic, with topology and
 * tensor-parallel constraints), an {@link dev.wanka.workload.InferenceService} (independent
 * replicas of whole devices or of a share of one device), a {@link dev.wanka.workload.DeviceTask}
 * and a {@link dev.wanka.workload.CpuTask}. Each carries a {@link dev.wanka.workload.WorkloadMeta}
 * (id, name, tenant, queue, priority class, submit time) and summarizes what it asks for as a
 * {@link dev.wanka.workload.ResourceRequest}: one {@link dev.wanka.workload.DeviceAlternative} per
 * accepted accelerator type, in milli-devices so that whole and fractional requests add up.
 *
 * <p>Records check themselves in their constructors and throw {@link IllegalArgumentException}
 * naming the field, the value and the rule; {@link dev.wanka.workload.WorkloadReader} checks the
 * same rules first, against the file's lines, and reports every mistake at once. The format is
 * described in docs/workloads.md. Nothing here reads a clock: the id and submit time are given.
 *
 * <p>The live control plane takes Kubernetes-style manifests ({@code apiVersion: wanka/v1}, {@code
 * kind: TrainingJob | InferenceService | BatchJob}), read by {@link
 * dev.wanka.workload.ManifestReader} into a {@link dev.wanka.workload.Manifest}: the workload, read
 * from {@code spec} with the same rules, plus the {@link dev.wanka.workload.RunSpec} that says how
 * to run its tasks (docs/jobs.md).
 */
package dev.wanka.workload;
