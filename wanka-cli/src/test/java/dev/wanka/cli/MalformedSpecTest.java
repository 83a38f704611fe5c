package dev.wanka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code src/test/resources/malformed-specs} is a small cluster spec with one mistake
 * and a header saying what {@code wanka cluster validate} must print about it:
 *
 * <pre>
 * # expect-line: 14            the line the message must point at ("none": the file has no line)
 * # expect: pools[0].nodes     substrings stderr must contain: field, bad value, what is allowed
 * # mistake: free text         what is wrong, for the reader of the file
 * </pre>
 *
 * The command must exit 2, print nothing on stdout, and print {@code error: FILE:LINE:COL: ...}
 * lines on stderr without a stack trace.
 */
class MalformedSpecTest {
  private static final String DIRECTORY = "/malformed-specs";
  private static final int AT_LEAST = 20;

  static Path directory() {
    URL url = MalformedSpecTest.class.getResource(DIRECTORY);
    assertThat(url).as("classpath directory " + DIRECTORY).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError("bad resource URL " + url, e);
    }
  }

  static Stream<String> specs() throws IOException {
    List<String> names;
    try (Stream<Path> files = Files.list(directory())) {
      names =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".yaml"))
              .sorted()
              .collect(Collectors.toList());
    }
    assertThat(names).as("malformed specs in " + DIRECTORY).hasSizeGreaterThanOrEqualTo(AT_LEAST);
    return names.stream();
  }

  @Test
  void thereAreEnoughMalformedSpecs() throws IOException {
    assertThat(specs().count()).isGreaterThanOrEqualTo(AT_LEAST);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void validateRejectsWithAUsefulMessage(String name) throws IOException {
    Path file = directory().resolve(name);
    Expectations expected = Expectations.of(file);

    CliRun run = CliRun.of("cluster", "validate", file.toString());

    assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isEqualTo(2);
    assertThat(run.out()).as("stdout").isEmpty();
    assertThat(run.err())
        .as("stderr")
        .isNotBlank()
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(run.err()).as("stderr").contains(expected.location(name));
    for (String substring : expected.substrings()) {
      assertThat(run.err()).as("stderr").contains(substring);
    }
    for (String line : run.err().split("\\R")) {
      assertThat(line).as("every stderr line names the file").startsWith("error: ").contains(name);
    }
  }

  @Test
  void showRejectsWithTheSameMessageAsValidate() {
    String file = directory().resolve("29-unknown-accelerator.yaml").toString();

    CliRun validate = CliRun.of("cluster", "validate", file);
    CliRun show = CliRun.of("cluster", "show", file);
    CliRun json = CliRun.of("cluster", "show", file, "--json");

    assertThat(validate.exitCode()).isEqualTo(2);
    assertThat(validate.err()).contains("did you mean 'h100-sxm'?");
    for (CliRun run : List.of(show, json)) {
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).isEqualTo(validate.err());
    }
  }

  /** The header of one malformed spec. */
  record Expectations(String line, List<String> substrings) {
    private static final String LINE = "# expect-line:";
    private static final String SUBSTRING = "# expect:";

    static Expectations of(Path file) throws IOException {
      String line = null;
      List<String> substrings = new ArrayList<>();
      for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (text.startsWith(LINE)) {
          line = text.substring(LINE.length()).trim();
        } else if (text.startsWith(SUBSTRING)) {
          substrings.add(text.substring(SUBSTRING.length()).trim());
        }
      }
      assertThat(line).as(file.getFileName() + ": '" + LINE + " N' header").isNotNull();
      assertThat(line).as(file.getFileName() + ": " + LINE).matches("none|[1-9][0-9]*");
      assertThat(substrings)
          .as(file.getFileName() + ": '" + SUBSTRING + " ...' headers")
          .isNotEmpty();
      return new Expectations(line, List.copyOf(substrings));
    }

    /**
     * {@code name:14:} as in {@code error: path/name:14:5: field: message}; {@code name: } if none.
     */
    String location(String name) {
      return line.equals("none") ? name + ": " : name + ":" + line + ":";
    }
  }
}
