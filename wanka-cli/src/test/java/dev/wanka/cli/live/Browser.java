package dev.wanka.cli.live;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven by Selenium, both the Debian packages' ({@code chromium}, {@code
 * chromedriver} on the PATH): nothing is downloaded, and the browser makes no connection but to the
 * page's server on 127.0.0.1. Without them the tests are skipped, except under {@code CI=true},
 * where they fail: CI installs them ({@code .ci/run}) and must not pass without running them.
 */
final class Browser implements AutoCloseable {
  /** Where screenshots go: {@code -Dwanka.screenshots=DIR}, else target/screenshots. */
  private static final Path SCREENSHOTS =
      Path.of(System.getProperty("wanka.screenshots", "target/screenshots"));

  private final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Starts a browser with a fresh profile under {@code profile}, or skips (fails on CI). */
  static Browser start(Path profile, int width, int height) {
    Optional<Path> chromium = onPath("chromium");
    Optional<Path> chromedriver = onPath("chromedriver");
    String missing =
        chromium.isEmpty()
            ? "chromium"
            : chromedriver.isEmpty() ? "chromedriver (Debian package chromium-driver)" : null;
    if (missing != null) {
      String message = missing + " is not on the PATH: apt-get install -y chromium chromium-driver";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("the browser tests cannot run under CI=true: " + message);
      }
      Assumptions.abort(message);
    }
    // Selenium Manager would look for drivers and browsers online; both are given here.
    System.setProperty("SE_OFFLINE", "true");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=" + width + "," + height);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.get().toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return new Browser(driver);
  }

  WebDriver driver() {
    return driver;
  }

  Object script(String javascript, Object... arguments) {
    return driver.executeScript(javascript, arguments);
  }

  /**
   * Saves the whole page as {@code name}.png in the screenshot directory: the window is made as
   * tall as the page (up to 4,000 px) for the picture, then given its height back.
   */
  Path screenshot(String name) {
    Dimension size = driver.manage().window().getSize();
    long page =
        ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
    int height = (int) Math.min(4000, Math.max(size.getHeight(), page + size.getHeight() / 8));
    try {
      driver.manage().window().setSize(new Dimension(size.getWidth(), height));
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      driver.manage().window().setSize(size);
    }
  }

  private static Optional<Path> onPath(String program) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String directory : path.split(File.pathSeparator)) {
      Path candidate = Path.of(directory, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
