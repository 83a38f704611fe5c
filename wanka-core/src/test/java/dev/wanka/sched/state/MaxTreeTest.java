package dev.wanka.sched.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MaxTreeTest {

  @Test
  void findsTheFirstIndexWithEnoughInARange() {
    MaxTree tree = MaxTree.of(3, 8, 0, 5, 8, 2);

    assertThat(tree.firstAtLeast(0, 6, 5)).isEqualTo(1);
    assertThat(tree.firstAtLeast(2, 6, 5)).isEqualTo(3);
    assertThat(tree.firstAtLeast(2, 6, 6)).isEqualTo(4);
    assertThat(tree.firstAtLeast(5, 6, 3)).isEqualTo(-1);
    assertThat(tree.firstAtLeast(3, 3, 0)).isEqualTo(-1);
    assertThat(tree.max(2, 4)).isEqualTo(5);
    assertThat(tree.max()).isEqualTo(8);
  }

  @Test
  void updatesMoveTheAnswers() {
    MaxTree tree = MaxTree.of(3, 8, 0, 5, 8, 2);

    tree.set(1, 1);
    tree.add(4, -8);

    assertThat(tree.max()).isEqualTo(5);
    assertThat(tree.firstAtLeast(0, 6, 5)).isEqualTo(3);
    assertThat(tree.toString()).isEqualTo("[3, 1, 0, 5, 0, 2]");
  }

  @Test
  void rejectsNegativeValuesAndBadIndices() {
    MaxTree tree = new MaxTree(3);
    assertThatThrownBy(() -> tree.set(0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.add(1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> tree.max(2, 1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  /** One update: set values[index] = value. */
  record Update(int index, int value) {}

  @Provide
  Arbitrary<List<Update>> updates() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 1_000), Arbitraries.integers().between(0, 16))
        .as(Update::new)
        .list()
        .ofMaxSize(200);
  }

  @Property(tries = 300, seed = "20261130")
  void agreesWithAPlainArray(
      @ForAll @IntRange(min = 1, max = 300) int size,
      @ForAll("updates") List<Update> updates,
      @ForAll @IntRange(min = 0, max = 1_000) int a,
      @ForAll @IntRange(min = 0, max = 1_000) int b,
      @ForAll @IntRange(min = 0, max = 17) int atLeast) {
    int[] plain = new int[size];
    MaxTree tree = new MaxTree(size);
    for (Update update : updates) {
      int index = update.index() % size;
      plain[index] = update.value();
      tree.set(index, update.value());
    }
    int from = Math.min(a % (size + 1), b % (size + 1));
    int to = Math.max(a % (size + 1), b % (size + 1));

    int max = 0;
    int first = -1;
    for (int i = from; i < to; i++) {
      max = Math.max(max, plain[i]);
      if (first < 0 && plain[i] >= atLeast) {
        first = i;
      }
    }
    assertThat(tree.max(from, to)).isEqualTo(max);
    assertThat(tree.firstAtLeast(from, to, atLeast)).isEqualTo(first);
    for (int i = 0; i < size; i++) {
      assertThat(tree.get(i)).isEqualTo(plain[i]);
    }
  }
}
