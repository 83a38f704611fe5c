package dev.wanka.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.spec.YamlNode.YamlList;
import dev.wanka.spec.YamlNode.YamlMap;
import dev.wanka.spec.YamlNode.YamlScalar;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlOverridesTest {
  private static final YamlNode DOC =
      YamlTreeReader.read("s.yaml", "name: a\nworkload:\n  loadScale: 1\n  trace: {path: x.csv}\n");

  private static YamlNode at(YamlNode node, String... keys) {
    YamlNode current = node;
    for (String key : keys) {
      current = ((YamlMap) current).get(key).orElseThrow();
    }
    return current;
  }

  @Test
  void replacesAddsAndCreatesMapsOnTheWayKeepingTheRest() {
    YamlNode result =
        YamlOverrides.apply(
            DOC,
            List.of(
                "workload.loadScale=2.5",
                "workload.trace.path=other.csv",
                "policies=[fifo, las]",
                "extra.deep.key=7"));
    assertThat(((YamlScalar) at(result, "workload", "loadScale")).text()).isEqualTo("2.5");
    assertThat(((YamlScalar) at(result, "workload", "trace", "path")).text())
        .isEqualTo("other.csv");
    assertThat(((YamlList) at(result, "policies")).items()).hasSize(2);
    assertThat(((YamlScalar) at(result, "extra", "deep", "key")).text()).isEqualTo("7");
    assertThat(((YamlScalar) at(result, "name")).text()).isEqualTo("a");
    assertThat(at(result, "workload", "loadScale").at().source())
        .isEqualTo("--set workload.loadScale=2.5");
    assertThat(((YamlScalar) at(DOC, "workload", "loadScale")).text())
        .as("the original is untouched")
        .isEqualTo("1");
  }

  @Test
  void aMalformedOverrideOrAPathThroughAValueIsRefusedNamingIt() {
    assertThatThrownBy(() -> YamlOverrides.apply(DOC, List.of("seeds")))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("'seeds' is not allowed: must be key.path=value, e.g. seeds=3");
    assertThatThrownBy(() -> YamlOverrides.apply(DOC, List.of("name.first=b")))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("cannot set 'name.first': 'name' is 'a', not a map");
  }
}
