package dev.wanka.cli;

import dev.wanka.api.TenantView;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wanka tenants create|list}: the owners of jobs and queues (an admin's business). */
@Command(
    name = "tenants",
    mixinStandardHelpOptions = true,
    description = "Create and list tenants (admin only).",
    subcommands = {TenantsCommand.Create.class, TenantsCommand.ListTenants.class})
final class TenantsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Create a tenant; give its users tokens with `wanka tokens create --role user`.")
  static final class Create extends ClientCommand {
    @Parameters(paramLabel = "NAME", description = "The tenant's name, e.g. acme.")
    String name;

    @Override
    public Integer call() {
      TenantView tenant = client().createTenant(name);
      return print(tenant, out -> out.println("tenant " + tenant.name() + " created"));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List tenants: NAME AGE.")
  static final class ListTenants extends ClientCommand {
    @Override
    public Integer call() {
      List<TenantView> tenants = client().tenants();
      return print(tenants, out -> table(out, tenants, clock()));
    }

    static void table(PrintWriter out, List<TenantView> tenants, Clock clock) {
      TextTable table = new TextTable("NAME", "AGE");
      tenants.forEach(t -> table.row(t.name(), Ages.since(t.createdAtMillis(), clock)));
      table.print(out, "");
    }
  }
}
