package dev.wanka.sim.fgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanka.sim.trace.OpenbTrace;
import dev.wanka.spec.SpecException;
import org.junit.jupiter.api.Test;

class ShippedOrdersTest {
  private static final OpenbTrace TRACE =
      OpenbTrace.read(
          "nodes.csv",
          "sn,cpu_milli,memory_mib,gpu,model\nn0,64000,262144,2,P100\nn1,64000,262144,2,T4\n",
          "openb_pod_list_tiny.csv",
          "name,cpu_milli,memory_mib,num_gpu,gpu_milli\na,1000,1,1,500\nb,1000,1,2,1000\n");

  @Test
  void ordersWithClonesAreReplayedPodForPodAndRankForRank() {
    ArrivalOrder order =
        ShippedOrders.read(
            "order.txt",
            "b\na\nb-tuned-0\na-tuned-1\n",
            "ranks.csv",
            "node,rank\nn1,0\nn0,1\n",
            TRACE);
    assertThat(order.pods())
        .containsExactly(
            TRACE.podsByName().get("b"),
            TRACE.podsByName().get("a"),
            TRACE.podsByName().get("b"),
            TRACE.podsByName().get("a"));
    assertThat(order.freshNodes(TRACE))
        .extracting(node -> node.name() + "#" + node.rank())
        .containsExactly("n0#1", "n1#0");
  }

  @Test
  void ordersMatchOnlyTheTraceWhosePodsTheyNameEachOnce() {
    assertThat(ShippedOrders.matches("b\na\na-tuned-0\n", TRACE)).isTrue();
    assertThat(ShippedOrders.matches("b\na-tuned-0\n", TRACE)).as("a is missing").isFalse();
    assertThat(ShippedOrders.matches("a\nb\nc\n", TRACE)).as("c is not a pod").isFalse();
    assertThat(ShippedOrders.matches("a\nb\nb\n", TRACE)).as("b twice").isFalse();
  }

  @Test
  void unknownPodsAndNodesAndMissingRanksAreNamedWithTheirLine() {
    assertThatThrownBy(
            () ->
                ShippedOrders.read(
                    "order.txt", "a\nzz\n", "ranks.csv", "node,rank\nn0,0\nn9,1\n", TRACE))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("order.txt:2")
        .hasMessageContaining("'zz' is not a pod of openb_pod_list_tiny")
        .hasMessageContaining("ranks.csv:3")
        .hasMessageContaining("'n9' is not a node")
        .hasMessageContaining("no rank for node n1");
  }
}
