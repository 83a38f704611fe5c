package dev.wanka.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.ApiPaths;
import dev.wanka.api.Problem;
import dev.wanka.api.WireJson;
import dev.wanka.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JSON bodies of the wrong shape, {@code null}, or with a field missing or null: each is refused
 * with a 400 application/problem+json naming the field, never a 500.
 */
class RequestBodyProblemsTest {
  @TempDir static Path data;
  private static TestServer server;
  private static String agentToken;

  @BeforeAll
  static void start() {
    server = new TestServer(data, Optional.empty(), TestServer.fastTuning());
    agentToken = server.agent("node-a", 8, "h100-sxm").token();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> bodies() {
    String register = ApiPaths.AGENT_REGISTER;
    String heartbeat = ApiPaths.heartbeat("node-a");
    String devices = "[{\"index\": 0, \"uuid\": \"u\", \"model\": \"H100\", \"memoryBytes\": 1}]";
    return Stream.of(
        Arguments.of(register, "agent", "null", "body"),
        Arguments.of(
            register,
            "agent",
            "{\"node\": \"node-a\", \"address\": \"h\", \"devices\": " + devices + "}",
            "accelerator"),
        Arguments.of(
            register,
            "agent",
            "{\"node\": \"node-a\", \"address\": \"h\", \"accelerator\": \"h100-sxm\"}",
            "devices"),
        Arguments.of(
            register,
            "agent",
            "{\"node\": \"node-a\", \"address\": \"h\", \"accelerator\": \"h100-sxm\","
                + " \"devices\": [null], \"agentVersion\": \"t\"}",
            "devices[0]"),
        Arguments.of(heartbeat, "agent", "null", "body"),
        Arguments.of(heartbeat, "agent", "{\"sequence\": 1, \"devices\": []}", "tasks"),
        Arguments.of(
            heartbeat, "agent", "{\"sequence\": 1, \"devices\": [], \"tasks\": [{}]}", "tasks[0]"),
        Arguments.of(
            heartbeat,
            "agent",
            "{\"sequence\": 1, \"devices\": [{\"index\": 0}], \"tasks\": []}",
            "devices[0].health"),
        Arguments.of(ApiPaths.TENANTS, "admin", "null", "body"),
        Arguments.of(ApiPaths.TOKENS, "admin", "null", "body"),
        Arguments.of(ApiPaths.TOKENS, "admin", "[]", "body"));
  }

  @ParameterizedTest
  @MethodSource("bodies")
  void aBodyOfTheWrongShapeIsRefusedNamingTheField(
      String path, String role, String body, String field) throws Exception {
    HttpResponse<String> response =
        post(path, role.equals("agent") ? agentToken : server.server().adminToken(), body);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith(ApiPaths.PROBLEM_JSON);
    Problem problem = WireJson.read(response.body(), Problem.class);
    assertThat(problem.errors()).extracting(e -> e.field()).first().asString().startsWith(field);
    assertThat(problem.errors()).allSatisfy(e -> assertThat(e.message()).isNotBlank());
  }

  static Stream<Arguments> overlong() {
    return Stream.of(
        Arguments.of(
            ApiPaths.AGENT_REGISTER,
            "agent",
            "{\"node\": \"node-a\", \"address\": \""
                + "h".repeat(254)
                + "\", \"accelerator\": \"h100-sxm\", \"devices\": [], \"agentVersion\": \"t\"}",
            "address"),
        Arguments.of(
            ApiPaths.TOKENS,
            "admin",
            "{\"name\": \"a\", \"role\": \"AGENT\", \"tenant\": \"\", \"node\": \""
                + "n".repeat(254)
                + "\"}",
            "node"),
        Arguments.of(
            ApiPaths.TENANTS,
            "admin",
            "{\"name\": \"" + "t".repeat(64) + "\", \"createdAtMillis\": 0}",
            "name"));
  }

  @ParameterizedTest
  @MethodSource("overlong")
  void aValueLongerThanTheServerKeepsIsRefusedNamingTheField(
      String path, String role, String body, String field) throws Exception {
    HttpResponse<String> response =
        post(path, role.equals("agent") ? agentToken : server.server().adminToken(), body);
    assertThat(response.statusCode()).isEqualTo(422);
    Problem problem = WireJson.read(response.body(), Problem.class);
    assertThat(problem.errors()).extracting(e -> e.field()).containsExactly(field);
    assertThat(server.admin().tenants()).noneMatch(t -> t.name().length() > 63);
  }

  private static HttpResponse<String> post(String path, String token, String body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
