package dev.wanka.sched.state;

import java.util.Arrays;
import java.util.Objects;

/**
 * A fixed-size array of non-negative ints with O(log n) point updates, range maxima and "first
 * index in a range whose value is at least x" — the free-capacity index behind placement queries
 * such as "the first node of this leaf group with 4 free devices" or "a spine group with 512 free".
 * An iterative segment tree over a power-of-two number of leaves; mutable, not thread-safe.
 */
public final class MaxTree {
  private final int size;
  private final int leaves;
  private final int[] tree;

  /** A tree over {@code size} values, all 0. */
  public MaxTree(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, was " + size);
    }
    this.size = size;
    int capacity = 1;
    while (capacity < Math.max(1, size)) {
      capacity <<= 1;
    }
    this.leaves = capacity;
    this.tree = new int[2 * capacity];
  }

  /** A tree holding {@code values}, built in O(n). */
  public static MaxTree of(int... values) {
    MaxTree tree = new MaxTree(values.length);
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0) {
        throw new IllegalArgumentException("values must be >= 0; values[" + i + "] = " + values[i]);
      }
    }
    System.arraycopy(values, 0, tree.tree, tree.leaves, values.length);
    for (int node = tree.leaves - 1; node >= 1; node--) {
      tree.tree[node] = Math.max(tree.tree[2 * node], tree.tree[2 * node + 1]);
    }
    return tree;
  }

  /** An independent copy: O(n). */
  public MaxTree copy() {
    MaxTree copy = new MaxTree(size);
    System.arraycopy(tree, 0, copy.tree, 0, tree.length);
    return copy;
  }

  public int size() {
    return size;
  }

  public int get(int index) {
    return tree[leaves + Objects.checkIndex(index, size)];
  }

  /** Sets one value and refreshes its ancestors: O(log n). */
  public void set(int index, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("value must be >= 0, was " + value);
    }
    int node = leaves + Objects.checkIndex(index, size);
    tree[node] = value;
    for (node >>= 1; node >= 1; node >>= 1) {
      int max = Math.max(tree[2 * node], tree[2 * node + 1]);
      if (tree[node] == max) {
        break; // the ancestors above are unchanged too
      }
      tree[node] = max;
    }
  }

  /** Adds {@code delta} to one value (the result must stay >= 0). */
  public void add(int index, int delta) {
    set(index, get(index) + delta);
  }

  /** The largest value in [from, to), or 0 for an empty range: O(log n). */
  public int max(int from, int to) {
    Objects.checkFromToIndex(from, to, size);
    int best = 0;
    for (int lo = from + leaves, hi = to + leaves; lo < hi; lo >>= 1, hi >>= 1) {
      if ((lo & 1) == 1) {
        best = Math.max(best, tree[lo++]);
      }
      if ((hi & 1) == 1) {
        best = Math.max(best, tree[--hi]);
      }
    }
    return best;
  }

  public int max() {
    return tree[1];
  }

  /**
   * The first index in [from, to) whose value is at least {@code atLeast}, or -1: O(log n) (it
   * descends only into subtrees whose maximum qualifies).
   */
  public int firstAtLeast(int from, int to, int atLeast) {
    Objects.checkFromToIndex(from, to, size);
    if (from == to || max(from, to) < atLeast) {
      return -1;
    }
    return descend(1, 0, leaves, from, to, atLeast);
  }

  private int descend(int node, int nodeFrom, int nodeTo, int from, int to, int atLeast) {
    if (nodeTo <= from || to <= nodeFrom || tree[node] < atLeast) {
      return -1;
    }
    if (node >= leaves) {
      return node - leaves;
    }
    int middle = (nodeFrom + nodeTo) >>> 1;
    int left = descend(2 * node, nodeFrom, middle, from, to, atLeast);
    return left >= 0 ? left : descend(2 * node + 1, middle, nodeTo, from, to, atLeast);
  }

  @Override
  public String toString() {
    return Arrays.toString(Arrays.copyOfRange(tree, leaves, leaves + size));
  }
}
