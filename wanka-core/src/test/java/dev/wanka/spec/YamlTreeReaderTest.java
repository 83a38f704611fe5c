package dev.wanka.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wanka.spec.YamlNode.YamlMap;
import dev.wanka.spec.YamlNode.YamlScalar;
import org.junit.jupiter.api.Test;

/** JSON is read as JSON where the YAML parser would refuse it; the rest as YAML. */
class YamlTreeReaderTest {

  @Test
  void jsonIndentedWithTabsIsReadWithItsLines() {
    YamlNode root = YamlTreeReader.read("j.json", "{\n\t\"a\": {\n\t\t\"b\": 1.50\n\t}\n}\n");

    YamlMap a = (YamlMap) ((YamlMap) root).get("a").orElseThrow();
    YamlScalar b = (YamlScalar) a.get("b").orElseThrow();
    assertThat(b.text()).isEqualTo("1.50");
    assertThat(b.kind()).isEqualTo(YamlScalar.Kind.DECIMAL);
    assertThat(b.at()).isEqualTo(new SourceLocation("j.json", 3, 8));
    assertThat(a.keyAt().get("b")).isEqualTo(new SourceLocation("j.json", 3, 3));
  }

  @Test
  void jsonAndTheSameYamlGiveTheSameTree() {
    YamlNode json = YamlTreeReader.read("s", "{\"a\": [1, \"x\", true, null, 2.5]}");
    YamlNode yaml = YamlTreeReader.read("s", "{a: [1, x, true, null, 2.5]}");

    assertThat(json.toString().replaceAll("at=s:\\d+:\\d+", ""))
        .isEqualTo(yaml.toString().replaceAll("at=s:\\d+:\\d+", ""));
  }

  @Test
  void aYamlFlowMapIsStillYaml() {
    YamlNode root = YamlTreeReader.read("s", "{kind: training, devices: 8}");

    assertThat(((YamlMap) root).keyAt()).containsOnlyKeys("kind", "devices");
  }

  @Test
  void duplicateKeysInJsonAreRefused() {
    SpecException e =
        catchThrowableOfType(
            SpecException.class, () -> YamlTreeReader.read("j.json", "{\"a\": 1,\n \"a\": 2}"));

    assertThat(e.problems())
        .extracting(SpecProblem::format)
        .containsExactly(
            "j.json:2:2: a: duplicate key: already given at line 1; give each key once");
  }

  @Test
  void brokenJsonIsReportedByTheYamlParserAtItsLine() {
    SpecException e =
        catchThrowableOfType(
            SpecException.class,
            () -> YamlTreeReader.read("j.json", "{\n  \"a\": 1\n  \"b\": 2\n}"));

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).at().line()).isEqualTo(3);
    assertThat(e.problems().get(0).message()).startsWith("not valid YAML:");
  }
}
