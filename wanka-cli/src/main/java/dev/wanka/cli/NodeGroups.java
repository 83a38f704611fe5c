package dev.wanka.cli;

import dev.wanka.catalog.Accelerator;
import dev.wanka.catalog.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local nodes of {@code wanka up --nodes 2x8:H100,2x8:MTT-S4000}: groups of {@code
 * <nodes>x<devices>:<type>}, type a catalog id or alias in any case.
 */
record NodeGroups(List<Group> groups) {
  private static final Pattern GROUP = Pattern.compile("(\\d+)x(\\d+):(.+)");
  static final int MAX_NODES = 64;

  /** Nodes of one type and size. */
  record Group(int nodes, int devicesPerNode, Accelerator accelerator) {}

  static NodeGroups parse(String text, Catalog catalog) {
    List<Group> groups = new ArrayList<>();
    int total = 0;
    for (String part : text.split(",", -1)) {
      Matcher match = GROUP.matcher(part.trim());
      if (!match.matches()) {
        throw new UsageException(
            "--nodes: '"
                + part
                + "' is not allowed: write <nodes>x<devices>:<type>, e.g. 4x8:H100 or"
                + " 2x8:H100,2x8:MTT-S4000");
      }
      int nodes = bounded(match.group(1), "nodes", 1, MAX_NODES, part);
      int devices = bounded(match.group(2), "devices per node", 1, 128, part);
      String type = match.group(3);
      Accelerator accelerator =
          catalog
              .find(type)
              .orElseThrow(
                  () ->
                      new UsageException(
                          "--nodes: '"
                              + type
                              + "' is not in the accelerator catalog ('wanka catalog' lists the"
                              + " ids)"));
      total += nodes;
      groups.add(new Group(nodes, devices, accelerator));
    }
    if (total > MAX_NODES) {
      throw new UsageException(
          "--nodes: " + total + " nodes is not allowed: at most " + MAX_NODES + " local agents");
    }
    return new NodeGroups(groups);
  }

  private static int bounded(String digits, String what, int min, int max, String part) {
    long value;
    try {
      value = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      value = Long.MAX_VALUE;
    }
    if (value < min || value > max) {
      throw new UsageException(
          "--nodes: '"
              + part
              + "': "
              + digits
              + " "
              + what
              + " is not allowed: "
              + min
              + " to "
              + max);
    }
    return (int) value;
  }

  /** The nodes' names: the type's id and a number, e.g. h100-sxm-01, in order. */
  List<String[]> nodes() {
    List<String[]> named = new ArrayList<>();
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    for (Group group : groups) {
      for (int i = 0; i < group.nodes(); i++) {
        int n = counts.merge(group.accelerator().id(), 1, Integer::sum);
        named.add(
            new String[] {
              String.format("%s-%02d", group.accelerator().id(), n),
              group.accelerator().id(),
              Integer.toString(group.devicesPerNode())
            });
      }
    }
    return named;
  }

  int devices() {
    return groups.stream().mapToInt(g -> g.nodes() * g.devicesPerNode()).sum();
  }
}
