package dev.wanka.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.ApiPaths;
import dev.wanka.api.HeartbeatResponse;
import dev.wanka.api.Problem;
import dev.wanka.api.Role;
import dev.wanka.api.TokenRequest;
import dev.wanka.api.WireJson;
import dev.wanka.server.TestServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heartbeat route is served ahead of Javalin ({@link HeartbeatHandler}); it must answer as any
 * other route does, and leave every other request to Javalin.
 */
class HeartbeatHandlerTest {
  private static final String BEAT = "{\"sequence\": 1, \"devices\": [], \"tasks\": []}";

  @TempDir static Path data;
  private static TestServer server;
  private static String agentToken;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = new TestServer(data, Optional.empty(), TestServer.fastTuning());
    agentToken = server.agent("node-a", 8, "h100-sxm").token();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anAgentsHeartbeatIsAnsweredWithItsNodesTasks() throws Exception {
    HttpResponse<String> response = post(ApiPaths.heartbeat("node-a"), agentToken, BEAT);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(WireJson.read(response.body(), HeartbeatResponse.class).registered()).isTrue();
  }

  @Test
  void aBodyWithoutALengthIsReadWholeAcrossItsChunks() throws Exception {
    StringBuilder devices = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      devices
          .append(i == 0 ? "" : ",")
          .append("{\"index\":")
          .append(i)
          .append(",\"health\":\"OK\",\"temperatureCelsius\":41.5,\"powerWatts\":300.0,")
          .append("\"utilization\":0.25}");
    }
    byte[] body =
        ("{\"sequence\":2,\"devices\":[" + devices + "],\"tasks\":[]}")
            .getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response =
        HTTP.send(
            request(ApiPaths.heartbeat("node-a"), agentToken)
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(WireJson.read(response.body(), HeartbeatResponse.class).registered()).isTrue();
  }

  @Test
  void aTrailingSlashIsIgnoredAsOnEveryOtherRoute() throws Exception {
    HttpResponse<String> response = post(ApiPaths.heartbeat("node-a") + "/", agentToken, BEAT);

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void aHeartbeatForANodeTheServerDoesNotKnowAsksTheAgentToRegister() throws Exception {
    String token =
        server.admin().createToken(new TokenRequest("new", Role.AGENT, "", "node-new")).secret();

    HttpResponse<String> response = post(ApiPaths.heartbeat("node-new"), token, BEAT);

    assertThat(WireJson.read(response.body(), HeartbeatResponse.class).registered()).isFalse();
  }

  @Test
  void noTokenIsRefusedWith401AndABearerChallenge() throws Exception {
    HttpResponse<String> response = post(ApiPaths.heartbeat("node-a"), null, BEAT);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(problem(response).detail()).contains("Authorization: Bearer");
  }

  @Test
  void anUnknownTokenIsRefusedWith401NamingTheInvalidToken() throws Exception {
    HttpResponse<String> response = post(ApiPaths.heartbeat("node-a"), "wk_unknown", BEAT);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer error=\"invalid_token\"");
  }

  @Test
  void anAgentReportingForAnotherNodeIsRefusedWith403() throws Exception {
    HttpResponse<String> response = post(ApiPaths.heartbeat("node-b"), agentToken, BEAT);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(problem(response).detail()).contains("node-a").contains("node-b");
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413() throws Exception {
    String body = BEAT + " ".repeat((int) HttpApi.MAX_BODY_BYTES);

    HttpResponse<String> response = post(ApiPaths.heartbeat("node-a"), agentToken, body);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(problem(response).title()).isEqualTo("Request too large");
  }

  @Test
  void otherPathsBesideTheHeartbeatAreLeftToTheRestOfTheApi() throws Exception {
    HttpResponse<String> longer = post(ApiPaths.heartbeat("node-a") + "/extra", agentToken, BEAT);
    HttpResponse<String> get =
        HTTP.send(
            request(ApiPaths.heartbeat("node-a"), agentToken).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(longer.statusCode()).isEqualTo(404);
    assertThat(problem(longer).detail()).contains("/extra");
    assertThat(get.statusCode()).isIn(404, 405);
  }

  @Test
  void heartbeatsAreCountedInTheRequestMetrics() throws Exception {
    post(ApiPaths.heartbeat("node-a"), agentToken, BEAT);

    String metrics = server.admin().getText("/metrics");

    assertThat(metrics)
        .containsPattern(
            "wanka_http_requests_seconds_count\\{route=\"POST /api/v1/nodes/\\{node}/heartbeat\","
                + "status=\"2xx\"} [1-9]");
  }

  private static Problem problem(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith(ApiPaths.PROBLEM_JSON);
    return WireJson.read(response.body(), Problem.class);
  }

  private static HttpResponse<String> post(String path, String token, String body)
      throws Exception {
    return HTTP.send(
        request(path, token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .header("Content-Type", "application/json");
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }
}
