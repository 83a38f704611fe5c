package dev.wanka.server.control;

import dev.wanka.api.FieldProblem;
import dev.wanka.api.Role;
import dev.wanka.catalog.Catalog;
import dev.wanka.server.auth.Principal;
import dev.wanka.server.store.Store;
import dev.wanka.spec.SpecException;
import dev.wanka.spec.SpecProblem;
import dev.wanka.workload.Manifest;
import dev.wanka.workload.ManifestReader;
import dev.wanka.workload.PriorityClasses;
import dev.wanka.workload.WorkloadId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and checks what a caller submits: the manifest whole (every mistake, with its line), the
 * tenant (a user submits only as its own) and the queue (an open tenant queue, or a leaf of the
 * operator's configuration).
 */
final class Submissions {
  /** The tenant of an admin's submission that names none; it always exists. */
  static final String DEFAULT_TENANT = "default";

  private final Catalog catalog;
  private final SchedulerSetup setup;

  Submissions(Catalog catalog, SchedulerSetup setup) {
    this.catalog = catalog;
    this.setup = setup;
  }

  /**
   * @throws ApiProblem 403 for an agent or another tenant's work, 422 naming every bad field
   */
  Manifest read(
      Principal principal,
      String text,
      String source,
      long id,
      long nowMillis,
      Set<String> tenants) {
    if (principal.role() == Role.AGENT) {
      throw ApiProblem.forbidden("an agent token cannot submit jobs");
    }
    String defaultTenant = principal.isAdmin() ? DEFAULT_TENANT : principal.tenant();
    Manifest manifest;
    try {
      manifest =
          ManifestReader.read(
              source,
              text,
              catalog,
              classes(),
              new WorkloadId(id),
              nowMillis / 1000,
              defaultTenant);
    } catch (SpecException e) {
      throw invalid(e);
    }
    String name = manifest.workload().name();
    if (name.length() > Store.MAX_NAME_LENGTH) {
      throw ApiProblem.invalid(
          "metadata.name",
          "'"
              + name
              + "' is not allowed: "
              + name.length()
              + " characters; at most "
              + Store.MAX_NAME_LENGTH);
    }
    String tenant = manifest.workload().tenant().name();
    if (!principal.mayAccessTenant(tenant)) {
      String message =
          "'" + tenant + "' is not allowed: you may submit only as '" + principal.tenant() + "'";
      throw new ApiProblem(
          403,
          "Forbidden",
          "metadata.tenant: " + message,
          List.of(new FieldProblem("metadata.tenant", message, 0, 0)));
    }
    checkQueue(tenant, manifest.workload().queue().path(), tenants);
    return manifest;
  }

  /** Reads a stored manifest again, as it was accepted. */
  Manifest reread(long id, String text, long submittedAtMillis, String tenant) {
    return ManifestReader.read(
        "job " + id,
        text,
        catalog,
        classes(),
        new WorkloadId(id),
        submittedAtMillis / 1000,
        tenant);
  }

  private PriorityClasses classes() {
    return setup.isOpen()
        ? SchedulerSetup.DEFAULT_CLASSES
        : setup.config(List.of(), List.of()).priorityClasses();
  }

  private void checkQueue(String tenant, String queue, Set<String> tenants) {
    if (setup.isOpen()) {
      if (!tenants.contains(tenant)) {
        throw ApiProblem.invalid(
            "metadata.tenant",
            "'"
                + tenant
                + "' is not a tenant; allowed: "
                + String.join(", ", new TreeSet<>(tenants)));
      }
      if (!queue.equals(tenant)) {
        throw ApiProblem.invalid(
            "metadata.queue",
            "'" + queue + "' is not a queue; allowed: " + tenant + " (one queue per tenant)");
      }
      return;
    }
    var tree = setup.config(List.of(), List.of()).queues();
    if (!tree.contains(queue) || !tree.isLeaf(tree.indexOf(queue))) {
      throw ApiProblem.invalid(
          "metadata.queue", "'" + queue + "' is not a leaf queue of the server's configuration");
    }
    String owner = tree.queue(queue).tenant();
    if (!owner.equals(tenant)) {
      throw ApiProblem.invalid(
          "metadata.queue",
          "'" + queue + "' belongs to tenant '" + owner + "', not '" + tenant + "'");
    }
  }

  private static ApiProblem invalid(SpecException e) {
    List<FieldProblem> fields = new ArrayList<>();
    for (SpecProblem problem : e.problems()) {
      fields.add(
          new FieldProblem(
              problem.field(), problem.message(), problem.at().line(), problem.at().column()));
    }
    return new ApiProblem(
        422,
        "Invalid job spec",
        fields.size() + (fields.size() == 1 ? " problem" : " problems") + " in the spec",
        fields);
  }
}
