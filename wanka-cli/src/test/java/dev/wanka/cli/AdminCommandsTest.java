package dev.wanka.cli;

import static dev.wanka.cli.TestEnvironment.TOKEN;
import static dev.wanka.cli.TestEnvironment.ago;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.FieldProblem;
import dev.wanka.api.Problem;
import dev.wanka.api.Role;
import dev.wanka.api.TenantView;
import dev.wanka.api.TokenRequest;
import dev.wanka.api.TokenView;
import dev.wanka.api.WireJson;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** tokens create|list|revoke and tenants create|list against a fake client.server(). */
class AdminCommandsTest {
  private static final String SECRET = "wk_9f8e7d6c5b4a";

  @RegisterExtension final ConnectedClient client = new ConnectedClient();

  @Test
  void tokensCreateSendsTheRequestAndPrintsTheSecretOnce() {
    client
        .server()
        .on(
            "POST",
            "/api/v1/tokens",
            new TokenView(
                3, "alice", Role.USER, "acme", "", TestEnvironment.NOW_MILLIS, false, SECRET));

    CliRun run = client.run("tokens", "create", "--role", "user", "--tenant", "acme", "alice");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "token 3 alice created (user, tenant acme)\n"
                + "secret: "
                + SECRET
                + "\n"
                + "Keep the secret now: it is not shown again (the server stores only its hash).\n");
    FakeServer.Request request = client.server().onlyRequest();
    assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(request.contentType()).isEqualTo("application/json");
    assertThat(WireJson.read(request.body(), TokenRequest.class))
        .isEqualTo(new TokenRequest("alice", Role.USER, "acme", ""));
  }

  @Test
  void anAgentTokenNamesItsNodeAndTheRoleIsReadInAnyCase() {
    client
        .server()
        .on(
            "POST",
            "/api/v1/tokens",
            new TokenView(4, "agent-h100-001", Role.AGENT, "", "h100-001", 0, false, SECRET));

    CliRun run =
        client.run("tokens", "create", "--role", "Agent", "--node", "h100-001", "agent-h100-001");

    assertThat(run.out()).startsWith("token 4 agent-h100-001 created (agent, node h100-001)\n");
    assertThat(WireJson.read(client.server().onlyRequest().body(), TokenRequest.class))
        .isEqualTo(new TokenRequest("agent-h100-001", Role.AGENT, "", "h100-001"));
  }

  @Test
  void tokensCreateWithJsonPrintsTheTokenViewWithItsSecret() {
    client
        .server()
        .on(
            "POST",
            "/api/v1/tokens",
            new TokenView(5, "ops", Role.ADMIN, "", "", 0, false, SECRET));

    JsonNode json = client.run("tokens", "create", "--role", "admin", "ops", "--json").json();

    assertThat(json.get("secret").asString()).isEqualTo(SECRET);
    assertThat(json.get("role").asString()).isEqualTo("ADMIN");
  }

  @Test
  void anUnknownRoleIsBadInputListingTheRolesWithoutARequest() {
    CliRun run = client.run("tokens", "create", "--role", "admn", "ops");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("error: --role: 'admn' is not allowed: must be one of admin, user, agent")
        .contains("did you mean 'admin'?");
    assertThat(client.server().requests()).isEmpty();
  }

  @Test
  void aUserTokenWithoutTenantIsRefusedByTheServerNamingTheField() {
    client
        .server()
        .refuse(
            "POST",
            "/api/v1/tokens",
            new Problem(
                "about:blank",
                "Invalid token request",
                422,
                "",
                List.of(new FieldProblem("tenant", "required for a USER token", 0, 0))));

    CliRun run = client.run("tokens", "create", "--role", "user", "bob");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "error: Invalid token request (HTTP 422)\nerror: tenant: required for a USER token\n");
  }

  @Test
  void tokensListNeverShowsSecrets() {
    client
        .server()
        .on(
            "GET",
            "/api/v1/tokens",
            List.of(
                new TokenView(1, "admin", Role.ADMIN, "", "", ago(86400 * 2), false, ""),
                new TokenView(3, "alice", Role.USER, "acme", "", ago(3600), true, "")));

    CliRun run = client.run("tokens", "list");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            ID  NAME   ROLE   TENANT  NODE  AGE  STATUS
             1  admin  admin  -       -     2d   active
             3  alice  user   acme    -     1h   revoked
            """);
    assertThat(client.run("tokens", "list", "--json").json().get(1).get("revoked").asBoolean())
        .isTrue();
  }

  @Test
  void tokensRevokePostsToTheToken() {
    client
        .server()
        .on(
            "POST",
            "/api/v1/tokens/3/revoke",
            new TokenView(3, "alice", Role.USER, "acme", "", 0, true, ""));

    CliRun run = client.run("tokens", "revoke", "3");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("token 3 alice revoked\n");
    assertThat(client.server().onlyRequest().method()).isEqualTo("POST");
  }

  @Test
  void tenantsCreateAndList() {
    client
        .server()
        .on("POST", "/api/v1/tenants", new TenantView("acme", TestEnvironment.NOW_MILLIS))
        .on(
            "GET",
            "/api/v1/tenants",
            List.of(new TenantView("acme", ago(90)), new TenantView("beta", ago(86400 * 400))));

    CliRun create = client.run("tenants", "create", "acme");
    CliRun list = client.run("tenants", "list");

    assertThat(create.out()).isEqualTo("tenant acme created\n");
    assertThat(WireJson.read(client.server().requests().get(0).body(), TenantView.class).name())
        .isEqualTo("acme");
    assertThat(list.out()).isEqualTo("NAME  AGE\nacme  1m\nbeta  1y\n");
    assertThat(client.run("tenants", "list", "--json").json().get(1).get("name").asString())
        .isEqualTo("beta");
    assertThat(client.server().requests())
        .extracting(FakeServer.Request::authorization)
        .containsOnly("Bearer " + TOKEN);
  }
}
