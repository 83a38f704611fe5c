package dev.wanka.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.api.ApiException;
import dev.wanka.api.DeviceInfo;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.RegisterRequest;
import dev.wanka.api.Role;
import dev.wanka.api.TokenRequest;
import dev.wanka.api.TokenView;
import dev.wanka.api.WankaClient;
import dev.wanka.server.TestServer;
import dev.wanka.server.TestServer.FakeAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may do what: admin, tenant user and agent tokens, and no token at all. */
class RolesTest {
  @TempDir Path data;
  private TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer(data, Optional.empty(), TestServer.fastTuning());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static void refused(int status, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(status);
  }

  @Test
  void withoutAValidTokenNothingIsServed() {
    refused(401, () -> server.client("").jobs());
    refused(401, () -> server.client("wk_not-a-token").nodes());
    refused(401, () -> server.client("wk_not-a-token").getText("/metrics"));
    refused(401, () -> server.client("wk_not-a-token").getText("/api/v1/openapi.json"));
  }

  @Test
  void aRevokedTokenStopsWorking() {
    TokenView token = server.admin().createToken(new TokenRequest("temp", Role.ADMIN, "", ""));
    WankaClient client = server.client(token.secret());
    assertThat(client.whoami().role()).isEqualTo(Role.ADMIN);
    server.admin().revokeToken(token.id());
    refused(401, client::whoami);
  }

  @Test
  void tokensAreStoredOnlyAsHashesAndListedWithoutSecrets() throws Exception {
    TokenView token = server.admin().createToken(new TokenRequest("u", Role.ADMIN, "", ""));
    assertThat(server.admin().tokens()).allSatisfy(t -> assertThat(t.secret()).isEmpty());
    byte[] database = Files.readAllBytes(data.resolve("wanka.mv.db"));
    assertThat(new String(database, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(token.secret());
  }

  @Test
  void aUserCannotAdministerAndAnAgentCannotSubmit() {
    WankaClient user = server.user("team-a");
    FakeAgent agent = server.agent("node-a", 8, "h100-sxm");
    refused(403, () -> user.createToken(new TokenRequest("x", Role.ADMIN, "", "")));
    refused(403, () -> user.createTenant("team-z"));
    refused(403, () -> user.nodeAction("node-a", "drain"));
    refused(403, () -> user.getText("/metrics"));
    refused(403, () -> agent.client().submit(ApiFlowTest.gang("x", 8), "application/yaml"));
    refused(403, () -> agent.client().jobs());
    refused(403, () -> user.heartbeat("node-a", new Heartbeat(1, List.of(), List.of())));
    assertThat(server.admin().nodeAction("node-a", "cordon").cordoned()).isTrue();
  }

  @Test
  void anAgentReportsOnlyForItsOwnNode() {
    server.agent("node-a", 8, "h100-sxm");
    FakeAgent other = server.agent("node-b", 8, "h100-sxm");
    refused(403, () -> other.client().heartbeat("node-a", new Heartbeat(1, List.of(), List.of())));
    refused(
        403,
        () ->
            other
                .client()
                .register(
                    new RegisterRequest(
                        "node-a",
                        "127.0.0.1",
                        "h100-sxm",
                        List.of(new DeviceInfo(0, "u", "H100", 1)),
                        "t")));
    refused(403, () -> other.client().appendLog("node-a", "j1-r0-a1-n0", 0, new byte[] {1}));
  }

  @Test
  void aUserTokenNeedsAnExistingTenantAndAnAgentTokenANode() {
    refused(422, () -> server.admin().createToken(new TokenRequest("u", Role.USER, "ghost", "")));
    refused(422, () -> server.admin().createToken(new TokenRequest("a", Role.AGENT, "", "")));
    refused(422, () -> server.admin().createToken(new TokenRequest("", Role.ADMIN, "", "")));
  }
}
