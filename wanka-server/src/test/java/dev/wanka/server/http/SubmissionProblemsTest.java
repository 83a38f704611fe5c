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
 * Malformed specs sent over HTTP: each is refused with a 4xx application/problem+json whose errors
 * name the field, and nothing is stored.
 */
class SubmissionProblemsTest {
  @TempDir static Path data;
  private static TestServer server;

  private static final String GOOD =
      "apiVersion: wanka/v1\n"
          + "kind: TrainingJob\n"
          + "metadata:\n"
          + "  name: good\n"
          + "spec:\n"
          + "  devices: 16\n"
          + "  devicesPerNode: 8\n"
          + "  accelerators: [h100-sxm]\n"
          + "  command: [sh, -c, 'true']\n";

  @BeforeAll
  static void start() {
    server = new TestServer(data, Optional.empty(), TestServer.fastTuning());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(GOOD.replace("wanka/v1", "wanka/v2"), "apiVersion"),
        Arguments.of(GOOD.replace("apiVersion: wanka/v1\n", ""), "apiVersion"),
        Arguments.of(GOOD.replace("kind: TrainingJob", "kind: TrainJob"), "kind"),
        Arguments.of(GOOD.replace("kind: TrainingJob\n", ""), "kind"),
        Arguments.of(GOOD.replace("  name: good\n", "  name: Bad_Name\n"), "metadata.name"),
        Arguments.of(
            GOOD.replace("  name: good\n", "  name: " + "a".repeat(64) + "\n"), "metadata.name"),
        Arguments.of(GOOD.replace("metadata:\n  name: good\n", "metadata: {}\n"), "metadata.name"),
        Arguments.of(
            GOOD.replace("  name: good\n", "  name: good\n  colour: red\n"), "metadata.colour"),
        Arguments.of(
            GOOD.replace("  name: good\n", "  name: good\n  queue: nowhere\n"), "metadata.queue"),
        Arguments.of(
            GOOD.replace("  name: good\n", "  name: good\n  tenant: nobody\n"), "metadata.tenant"),
        Arguments.of(GOOD.replace("devices: 16", "devices: 0"), "spec.devices"),
        Arguments.of(GOOD.replace("devices: 16", "devices: many"), "spec.devices"),
        Arguments.of(GOOD.replace("devices: 16", "devices: 12"), "spec.devices"),
        Arguments.of(
            GOOD.replace("devicesPerNode: 8", "devicesPerNode: 500"), "spec.devicesPerNode"),
        Arguments.of(GOOD.replace("[h100-sxm]", "[h100-sxn]"), "spec.accelerators[0]"),
        Arguments.of(GOOD.replace("  accelerators: [h100-sxm]\n", ""), "spec.accelerators"),
        Arguments.of(GOOD.replace("  command: [sh, -c, 'true']\n", ""), "spec.command"),
        Arguments.of(GOOD.replace("[sh, -c, 'true']", "[]"), "spec.command"),
        Arguments.of(
            GOOD + "  env: {CUDA_VISIBLE_DEVICES: '0'}\n", "spec.env.CUDA_VISIBLE_DEVICES"),
        Arguments.of(GOOD + "  env: {MASTER_PORT: '1'}\n", "spec.env.MASTER_PORT"),
        Arguments.of(GOOD + "  env: {'1BAD': x}\n", "spec.env.1BAD"),
        Arguments.of(GOOD + "  terminationGraceSeconds: 99999\n", "spec.terminationGraceSeconds"),
        Arguments.of(GOOD + "  checkpoint: {}\n", "spec.checkpoint.dir"),
        Arguments.of(GOOD + "  priority: urgent\n", "spec.priority"),
        Arguments.of(GOOD + "  replicas: 2\n", "spec.replicas"),
        Arguments.of(GOOD + "  tensorParalel: 8\n", "spec.tensorParalel"),
        Arguments.of(GOOD + "  topology: {scope: galaxy}\n", "spec.topology.scope"),
        Arguments.of(GOOD + "  elastic: {min: 32}\n", "spec.elastic.min"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void aMalformedSpecIsRefusedNamingTheField(String spec, String field) throws Exception {
    int jobsBefore = server.admin().jobs().size();
    HttpResponse<String> response = post(spec, "application/yaml");
    assertThat(response.statusCode()).isBetween(400, 499);
    assertThat(response.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith(ApiPaths.PROBLEM_JSON);
    Problem problem = WireJson.read(response.body(), Problem.class);
    assertThat(problem.status()).isEqualTo(response.statusCode());
    assertThat(problem.errors()).extracting(e -> e.field()).contains(field);
    assertThat(problem.errors()).allSatisfy(e -> assertThat(e.message()).isNotBlank());
    assertThat(server.admin().jobs()).hasSize(jobsBefore);
  }

  static Stream<Arguments> unreadable() {
    return Stream.of(
        Arguments.of("", "application/yaml", 422),
        Arguments.of("just a string", "application/yaml", 422),
        Arguments.of("- a\n- list\n", "application/yaml", 422),
        Arguments.of("kind: [unclosed", "application/yaml", 422),
        Arguments.of("{\"apiVersion\": \"wanka/v1\",", "application/json", 422),
        Arguments.of(GOOD, "image/png", 415));
  }

  @ParameterizedTest
  @MethodSource("unreadable")
  void anUnreadableBodyIsRefusedAsAProblem(String body, String contentType, int status)
      throws Exception {
    HttpResponse<String> response = post(body, contentType);
    assertThat(response.statusCode()).isEqualTo(status);
    Problem problem = WireJson.read(response.body(), Problem.class);
    assertThat(problem.errors()).isNotEmpty();
  }

  @org.junit.jupiter.api.Test
  void aBodyOverTheLimitIsRefusedWith413() throws Exception {
    HttpResponse<String> response =
        post(GOOD + "# " + "x".repeat((int) HttpApi.MAX_BODY_BYTES) + "\n", "application/yaml");
    assertThat(response.statusCode()).isEqualTo(413);
  }

  @org.junit.jupiter.api.Test
  void theSameSpecAsJsonIsAccepted() {
    String json =
        "{\"apiVersion\": \"wanka/v1\", \"kind\": \"BatchJob\", \"metadata\": {\"name\": \"one\"},"
            + " \"spec\": {\"accelerators\": [\"h100-sxm\"], \"command\": [\"true\"]}}";
    assertThat(server.admin().submit(json, "application/json").kind()).isEqualTo("BatchJob");
  }

  private static HttpResponse<String> post(String body, String contentType) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.uri() + ApiPaths.JOBS))
            .header("Authorization", "Bearer " + server.server().adminToken())
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
