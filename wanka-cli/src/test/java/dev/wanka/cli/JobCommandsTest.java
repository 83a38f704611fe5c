package dev.wanka.cli;

import static dev.wanka.cli.ApiSamples.event;
import static dev.wanka.cli.ApiSamples.finishedJob;
import static dev.wanka.cli.ApiSamples.pendingJob;
import static dev.wanka.cli.ApiSamples.runningGang;
import static dev.wanka.cli.ApiSamples.withState;
import static dev.wanka.cli.TestEnvironment.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.FieldProblem;
import dev.wanka.api.JobEvent;
import dev.wanka.api.JobState;
import dev.wanka.api.Problem;
import dev.wanka.api.WhyPending;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** submit, jobs, job, cancel and why against a fake server: the requests and what is printed. */
class JobCommandsTest {
  private static final String SPEC_YAML =
      "apiVersion: wanka/v1\nkind: TrainingJob\nmetadata:\n  name: gang-16\nspec:\n  devices: 16\n";

  @RegisterExtension final ConnectedClient client = new ConnectedClient();

  @Test
  void submitSendsTheYamlAsWrittenAndPrintsTheNewJob() throws Exception {
    Path spec = Files.writeString(client.dir().resolve("gang.yaml"), SPEC_YAML);
    client.server().on("POST", "/api/v1/jobs", withState(runningGang(), JobState.Pending));

    CliRun run = client.run("submit", spec.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("job 17 gang-16 submitted (Pending)\n");
    FakeServer.Request request = client.server().onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(request.contentType()).isEqualTo("application/yaml");
    assertThat(request.body()).isEqualTo(SPEC_YAML);
  }

  @Test
  void submitSendsJsonAsJsonByItsExtensionOrItsFirstCharacter() throws Exception {
    String json = "{\"apiVersion\": \"wanka/v1\", \"kind\": \"BatchJob\"}";
    Path byExtension = Files.writeString(client.dir().resolve("job.json"), json);
    Path byContent = Files.writeString(client.dir().resolve("job.spec"), "\n  " + json);
    Path yamlByExtension = Files.writeString(client.dir().resolve("job.yml"), json);
    client.server().on("POST", "/api/v1/jobs", finishedJob());

    client.run("submit", byExtension.toString());
    client.run("submit", byContent.toString());
    client.run("submit", yamlByExtension.toString());

    assertThat(client.server().requests())
        .extracting(FakeServer.Request::contentType)
        .containsExactly("application/json", "application/json", "application/yaml");
    assertThat(client.server().requests().get(1).body()).isEqualTo("\n  " + json);
  }

  @Test
  void submitDashReadsStandardInput() {
    client.server().on("POST", "/api/v1/jobs", withState(runningGang(), JobState.Pending));

    CliRun run = client.env().withStdin(SPEC_YAML).run("submit", "-");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(client.server().onlyRequest().body()).isEqualTo(SPEC_YAML);
  }

  @Test
  void submitWithJsonPrintsTheJobView() throws Exception {
    Path spec = Files.writeString(client.dir().resolve("gang.yaml"), SPEC_YAML);
    client.server().on("POST", "/api/v1/jobs", withState(runningGang(), JobState.Pending));

    JsonNode json = client.run("submit", spec.toString(), "--json").json();

    assertThat(json.get("id").asLong()).isEqualTo(17);
    assertThat(json.get("state").asString()).isEqualTo("Pending");
    assertThat(json.get("devices").asInt()).isEqualTo(16);
  }

  @Test
  void aRefusedSpecIsPrintedFieldByFieldWithTheFilesLinesAndExitsTwo() throws Exception {
    Path spec = Files.writeString(client.dir().resolve("gang.yaml"), SPEC_YAML);
    client
        .server()
        .refuse(
            "POST",
            "/api/v1/jobs",
            new Problem(
                "https://wanka.dev/problems/invalid-spec",
                "Invalid job spec",
                422,
                "2 problems in the spec",
                List.of(
                    new FieldProblem("spec.devices", "'0' is not allowed: must be from 1", 6, 12),
                    new FieldProblem("metadata.labels", "unknown field", 0, 0))));

    CliRun run = client.run("submit", spec.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "error: Invalid job spec: 2 problems in the spec (HTTP 422)\n"
                + "error: "
                + spec
                + ":6:12: spec.devices: '0' is not allowed: must be from 1\n"
                + "error: metadata.labels: unknown field\n");
  }

  @Test
  void aMissingSpecFileIsBadInputBeforeAnyRequest() {
    CliRun run = client.run("submit", client.dir().resolve("nope.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("nope.yaml: no such file");
    assertThat(client.server().requests()).isEmpty();
  }

  @Test
  void jobsPrintsATableWithNodesForRunningJobsAndReasonsForWaitingOnes() {
    client.server().on("GET", "/api/v1/jobs", List.of(runningGang(), pendingJob(), finishedJob()));

    CliRun run = client.run("jobs");

    assertThat(run.exitCode()).as(run.err()).isZero();
    // ages against the fixed clock: 5 minutes, 2 hours, 4 days and 10 minutes (shown as 4d)
    assertThat(run.out())
        .isEqualTo(
            """
            ID  NAME     TENANT  QUEUE     STATE      DEVICES  TYPE            AGE  NODES(REASON)
            17  gang-16  acme    research  Running         16  h100            5m   h100-[001-002]
            18  big-run  acme    research  Pending         64  h100,mtt-s4000  2h   (QUOTA_EXCEEDED)
            12  eval     beta    default   Succeeded        1  any             4d
            """);
    FakeServer.Request request = client.server().onlyRequest();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/api/v1/jobs");
    assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void jobsWithJsonIsAnArrayOfJobViews() {
    client.server().on("GET", "/api/v1/jobs", List.of(runningGang(), pendingJob()));

    JsonNode json = client.run("jobs", "--json").json();

    assertThat(json.isArray()).isTrue();
    assertThat(json.size()).isEqualTo(2);
    JsonNode first = json.get(0);
    assertThat(first.get("id").asLong()).isEqualTo(17);
    assertThat(first.get("name").asString()).isEqualTo("gang-16");
    assertThat(first.get("state").asString()).isEqualTo("Running");
    assertThat(first.get("devices").asInt()).isEqualTo(16);
    assertThat(first.get("placement").get(0).get("node").asString()).isEqualTo("h100-002");
    assertThat(json.get(1).get("reason").asString()).isEqualTo("QUOTA_EXCEEDED");
  }

  @Test
  void jobShowsStateTimesPlacementByRankAndEvents() {
    client
        .server()
        .on("GET", "/api/v1/jobs/17", runningGang())
        .on(
            "GET",
            "/api/v1/jobs/17/events",
            List.of(
                event(2, 4 * 60, "started", "on h100-[001-002], attempt 2"),
                event(1, 5 * 60, "submitted", "by alice")));

    CliRun run = client.run("job", "17");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            Job:         17 gang-16
            Kind:        TrainingJob
            Tenant:      acme
            Queue:       research
            Priority:    normal
            State:       Running
            Reason:      -
            Devices:     16 of h100
            Attempt:     2
            Exit code:   -
            Checkpoints: /data/ckpt/gang-16
            Submitted:   2026-12-01 11:55:00 (5m ago)
            Started:     2026-12-01 11:56:00 (4m ago)
            Finished:    -
            Placement:
              RANK  NODE      DEVICES  LEAF
                 0  h100-001  0-7         0
                 1  h100-002  0-7         0
            Events:
              AGE  EVENT      MESSAGE
              5m   submitted  by alice
              4m   started    on h100-[001-002], attempt 2
            """);
    assertThat(client.server().requests())
        .extracting(FakeServer.Request::path)
        .containsExactly("/api/v1/jobs/17", "/api/v1/jobs/17/events");
  }

  @Test
  void jobShowsTheLatestTenEventsAndSaysHowManyItLeftOut() {
    List<JobEvent> events = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      events.add(event(i, 100 - i, "heartbeat-" + i, "event " + i));
    }
    client
        .server()
        .on("GET", "/api/v1/jobs/17", runningGang())
        .on("GET", "/api/v1/jobs/17/events", events);

    CliRun run = client.run("job", "17");

    assertThat(run.out())
        .contains("Events (latest 10 of 12; --json lists all):")
        .contains("event 3\n")
        .contains("event 12\n")
        .doesNotContain("event 2\n")
        .doesNotContain("event 1\n");
  }

  @Test
  void jobWithJsonIsTheJobViewWithItsEvents() {
    client
        .server()
        .on("GET", "/api/v1/jobs/17", runningGang())
        .on("GET", "/api/v1/jobs/17/events", List.of(event(1, 300, "submitted", "by alice")));

    JsonNode json = client.run("job", "17", "--json").json();

    assertThat(json.get("id").asLong()).isEqualTo(17);
    assertThat(json.get("state").asString()).isEqualTo("Running");
    assertThat(json.get("attempt").asInt()).isEqualTo(2);
    assertThat(json.has("job")).isFalse();
    assertThat(json.get("events").get(0).get("type").asString()).isEqualTo("submitted");
  }

  @Test
  void anUnknownJobIsBadInputWithTheServersWords() {
    client
        .server()
        .refuse(
            "GET",
            "/api/v1/jobs/99",
            new Problem("about:blank", "Not Found", 404, "no job 99", List.of()));

    CliRun run = client.run("job", "99");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("error: Not Found: no job 99 (HTTP 404)\n");
  }

  @Test
  void cancelPostsToTheJobAndPrintsItsNewState() {
    client
        .server()
        .on("POST", "/api/v1/jobs/17/cancel", withState(runningGang(), JobState.Cancelled));

    CliRun run = client.run("cancel", "17");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("job 17 gang-16 cancelled (Cancelled)\n");
    FakeServer.Request request = client.server().onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(request.body()).isEmpty();
    assertThat(client.run("cancel", "17", "--json").json().get("state").asString())
        .isEqualTo("Cancelled");
  }

  @Test
  void whySaysTheReasonAndTheExpectedStart() {
    client
        .server()
        .on(
            "GET",
            "/api/v1/jobs/18/why",
            new WhyPending(
                18,
                JobState.Pending,
                "QUOTA_EXCEEDED",
                "queue research uses 64 of its 64 h100",
                TestEnvironment.NOW_MILLIS + 25 * 60_000));

    CliRun run = client.run("why", "18");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "job 18 is Pending: QUOTA_EXCEEDED: queue research uses 64 of its 64 h100\n"
                + "expected start: 2026-12-01 12:25:00 (in 25m)\n");
    assertThat(client.run("why", "18", "--json").json().get("code").asString())
        .isEqualTo("QUOTA_EXCEEDED");
  }

  @Test
  void whyOfARunningJobSaysItIsNotWaiting() {
    client
        .server()
        .on("GET", "/api/v1/jobs/17/why", new WhyPending(17, JobState.Running, "", "", 0));

    assertThat(client.run("why", "17").out())
        .isEqualTo("job 17 is Running: it is not waiting for devices\n");
  }
}
