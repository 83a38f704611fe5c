package dev.wanka.cli.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wanka.api.JobState;
import dev.wanka.api.JobView;
import dev.wanka.api.Placement;
import dev.wanka.api.Role;
import dev.wanka.api.TokenRequest;
import dev.wanka.api.WankaClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The dashboard in a real browser against {@code wanka up} in its own JVM: signing in, the cluster
 * view's device count, a job's devices turning busy, a drained node's colour.
 */
class DashboardBrowserTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String NODES = "4x8:H100,2x8:MTT-S4000";
  private static final int DEVICES = 48;

  @TempDir static Path directory;
  private static JavaProcess up;
  private static Browser browser;
  private static URI dashboard;
  private static WankaClient admin;
  private static String adminToken;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.start(directory.resolve("profile"), 1280, 900);
    Path data = directory.resolve("data");
    up =
        JavaProcess.start(
            directory.resolve("up.log"),
            "up",
            "--port",
            "0",
            "--data-dir",
            data.toString(),
            "--nodes",
            NODES,
            "--history-interval",
            "1");
    String line = up.awaitLine("  dashboard ", PATIENCE);
    dashboard = URI.create(line.trim().split("\\s+")[1]);
    adminToken = Files.readString(data.resolve("admin.token")).trim();
    admin = new WankaClient(dashboard.resolve("/"), adminToken);
    await().atMost(PATIENCE).until(() -> admin.cluster().nodesReady() == 6);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (up != null) {
      up.close();
    }
  }

  @BeforeEach
  void signedOut() {
    // Cleared on another page of the origin, where no sign-in can be under way to store it again.
    driver().get(dashboard.resolve("/healthz").toString());
    browser.script("sessionStorage.clear()");
    driver().get(dashboard.toString());
  }

  @Test
  void anAdminSignsInAndSeesEveryDeviceOfTheCluster() {
    signIn(adminToken);

    await().atMost(PATIENCE).until(() -> drawnDevices() == DEVICES);
    assertThat(driver().findElement(By.id("cluster-summary")).getText())
        .startsWith("48 devices shown of 48 · 6 nodes (6 Ready)");
    assertThat(driver().findElement(By.id("who")).getText()).contains("(admin)");
  }

  @Test
  void aWrongTokenIsRefusedWithItsReason() {
    signIn("not-a-token");

    await()
        .atMost(PATIENCE)
        .until(() -> !driver().findElement(By.id("login-error")).getText().isEmpty());
    assertThat(driver().findElement(By.id("login-error")).getText()).contains("not valid");
    assertThat(driver().findElement(By.id("cluster")).isDisplayed()).isFalse();
  }

  @Test
  void aRunningJobsDevicesAreDrawnBusy() {
    JobView job = admin.submit(batch("browser-busy", "mtt-s4000"), "application/yaml");
    try {
      await().atMost(PATIENCE).until(() -> admin.job(job.id()).state() == JobState.Running);
      Placement placed = admin.job(job.id()).placement().get(0);
      signIn(adminToken);

      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  stateColour("busy")
                      .equals(colourOfDevice(placed.node(), placed.devices().get(0))));
    } finally {
      cancelled(job.id());
    }
  }

  @Test
  void aDrainedNodeChangesColour() {
    String node = "h100-sxm-04";
    signIn(adminToken);
    await().atMost(PATIENCE).until(() -> stateColour("idle").equals(colourOfDevice(node, 0)));

    admin.nodeAction(node, "drain");
    try {
      browser.script("window.wanka.refresh()");

      await().atMost(PATIENCE).until(() -> stateColour("draining").equals(colourOfDevice(node, 0)));
      browser.screenshot("dashboard-cluster-drained");
    } finally {
      admin.nodeAction(node, "uncordon");
    }
  }

  @Test
  void aSubmittedGangAppearsInTheQueueRunsAndShowsItsPlacement() {
    JobView job =
        admin.submit(
            "apiVersion: wanka/v1\n"
                + "kind: TrainingJob\n"
                + "metadata:\n"
                + "  name: browser-gang\n"
                + "spec:\n"
                + "  devices: 16\n"
                + "  devicesPerNode: 8\n"
                + "  accelerators: [h100-sxm]\n"
                + "  command: [sh, -c, 'for i in 1 2 3 4 5; do echo step $i/5 loss 0.$((9 - i)); done;"
                + " sleep 600']\n",
            "application/yaml");
    try {
      signIn(adminToken);
      driver().get(dashboard + "#jobs");
      By row = By.cssSelector("tr[data-job='" + job.id() + "']");
      await()
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(() -> driver().findElement(row).getText().contains("Running"));
      browser.screenshot("jobs");

      driver().findElement(row).findElement(By.tagName("a")).click();
      await()
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(
              () ->
                  driver().findElement(By.id("job-placement")).getText().contains("2 node(s)")
                      && driver().findElement(By.id("job-log")).getText().contains("step 5/5"));
      assertThat(driver().findElement(By.id("job-placement")).getText())
          .contains("under 1 leaf switch(es) and 1 spine(s)");
      browser.screenshot("job-detail");
    } finally {
      cancelled(job.id());
    }
  }

  @Test
  void aTenantsUserSeesItsOwnJobsOnlyAndNoNodeActions() {
    admin.createTenant("team-a");
    admin.createTenant("team-b");
    String aliceToken = userToken("alice", "team-a");
    WankaClient alice = new WankaClient(dashboard.resolve("/"), aliceToken);
    WankaClient bob = new WankaClient(dashboard.resolve("/"), userToken("bob", "team-b"));
    JobView mine = alice.submit(batch("alices-job", "h100-sxm"), "application/yaml");
    JobView theirs = bob.submit(batch("bobs-job", "h100-sxm"), "application/yaml");
    try {
      signIn(aliceToken);
      driver().get(dashboard + "#jobs");
      await()
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(
              () ->
                  driver().findElement(By.cssSelector("tr[data-job='" + mine.id() + "']")) != null);
      assertThat(driver().findElements(By.cssSelector("tr[data-job='" + theirs.id() + "']")))
          .isEmpty();
      assertThat(driver().findElement(By.id("jobs")).getText())
          .doesNotContain("bobs-job", "team-b");

      driver().get(dashboard + "#jobs/" + theirs.id());
      await()
          .atMost(PATIENCE)
          .until(() -> !driver().findElement(By.id("page-error")).getText().isEmpty());
      assertThat(driver().findElement(By.id("job")).getText()).doesNotContain("bobs-job");

      driver().get(dashboard + "#nodes");
      await()
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(() -> driver().findElement(By.cssSelector("tr[data-node='h100-sxm-01']")) != null);
      assertThat(driver().findElements(By.cssSelector("button[data-action]"))).isEmpty();
    } finally {
      cancelled(mine.id());
      cancelled(theirs.id());
    }
  }

  @Test
  void anAdminDrainsANodeFromTheNodesPageAndItChangesColour() {
    String node = "h100-sxm-03";
    signIn(adminToken);
    driver().get(dashboard + "#nodes");
    By row = By.cssSelector("tr[data-node='" + node + "']");
    try {
      await()
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(() -> driver().findElement(row).getText().contains("Ready"));
      driver().findElement(row).findElement(By.cssSelector("button[data-action='drain']")).click();
      await()
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(() -> driver().findElement(row).getText().contains("draining"));
      browser.screenshot("nodes");

      driver().get(dashboard + "#cluster");
      await().atMost(PATIENCE).until(() -> stateColour("draining").equals(colourOfDevice(node, 0)));
    } finally {
      admin.nodeAction(node, "uncordon");
    }
  }

  /** Cancels a job and waits until it has ended, so that it holds no device in the next test. */
  private static void cancelled(long id) {
    admin.cancel(id);
    await().atMost(PATIENCE).until(() -> admin.job(id).state().isFinal());
  }

  @Test
  void aWaitingJobsPredictedStartIsAskedOfTheTwin() {
    JobView first = admin.submit(mttGang("first"), "application/yaml");
    JobView second = admin.submit(mttGang("second"), "application/yaml");
    try {
      await().atMost(PATIENCE).until(() -> admin.job(first.id()).state() == JobState.Running);
      signIn(adminToken);
      driver().get(dashboard + "#jobs");
      By ask = By.cssSelector("button[data-predict='" + second.id() + "']");
      await().atMost(PATIENCE).ignoreExceptions().until(() -> driver().findElement(ask) != null);

      driver().findElement(ask).click();

      By row = By.cssSelector("tr[data-job='" + second.id() + "']");
      await()
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(() -> driver().findElement(row).getText().contains("(asked "));
      assertThat(driver().findElements(ask)).isEmpty();
    } finally {
      cancelled(second.id());
      cancelled(first.id());
    }
  }

  private static String mttGang(String name) {
    return "apiVersion: wanka/v1\n"
        + "kind: TrainingJob\n"
        + "metadata:\n"
        + "  name: "
        + name
        + "\n"
        + "spec:\n"
        + "  devices: 16\n"
        + "  devicesPerNode: 8\n"
        + "  accelerators: [mtt-s4000]\n"
        + "  estimatedSeconds: 600\n"
        + "  command: [sleep, \"600\"]\n";
  }

  @Test
  void theChartsOverTimeDrawTheServersSamples() {
    signIn(adminToken);
    driver().get(dashboard + "#history");

    await()
        .atMost(PATIENCE)
        .ignoreExceptions()
        .until(
            () ->
                driver().findElements(By.cssSelector("#history [data-chart] canvas")).size() == 4);
    assertThat(driver().findElement(By.id("history-summary")).getText()).contains("samples");
    assertThat(driver().findElements(By.cssSelector("#history [data-chart]")))
        .extracting(e -> e.getAttribute("data-chart"))
        .containsExactly("Utilization", "Queue", "Failures", "Power and energy");
    browser.screenshot("history");
  }

  private static String userToken(String name, String tenant) {
    return admin.createToken(new TokenRequest(name, Role.USER, tenant, "")).secret();
  }

  /** A one-device batch job that runs ten minutes. */
  private static String batch(String name, String accelerator) {
    return "apiVersion: wanka/v1\n"
        + "kind: BatchJob\n"
        + "metadata:\n"
        + "  name: "
        + name
        + "\n"
        + "spec:\n"
        + "  devices: 1\n"
        + "  accelerators: ["
        + accelerator
        + "]\n"
        + "  command: [sleep, \"600\"]\n";
  }

  private static WebDriver driver() {
    return browser.driver();
  }

  private static void signIn(String token) {
    await()
        .atMost(PATIENCE)
        .ignoreExceptions()
        .until(() -> driver().findElement(By.id("token")).isDisplayed());
    driver().findElement(By.id("token")).sendKeys(token);
    driver().findElement(By.cssSelector("#login-form button[type=submit]")).click();
  }

  private static long drawnDevices() {
    return ((Number) browser.script("return window.wanka.drawnDevices")).longValue();
  }

  private static String colourOfDevice(String node, int device) {
    return (String)
        browser.script(
            "return window.wanka.colourOfDevice(arguments[0], arguments[1])", node, device);
  }

  private static String stateColour(String state) {
    @SuppressWarnings("unchecked")
    Map<String, String> colours =
        (Map<String, String>) browser.script("return window.wanka.stateColours");
    return colours.get(state);
  }
}
