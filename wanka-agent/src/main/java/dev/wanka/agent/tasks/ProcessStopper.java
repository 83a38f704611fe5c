package dev.wanka.agent.tasks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a process and everything it started: SIGTERM to the whole tree, up to a grace period for it
 * to exit, then SIGKILL to whatever is left. The tree is listed before any signal is sent, because
 * a child whose parent died is re-parented and no longer found below it.
 */
public final class ProcessStopper {
  /** How long to wait for SIGKILLed processes to be gone before giving up. */
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private ProcessStopper() {}

  /**
   * Stops the tree rooted at {@code root} and waits for it to end.
   *
   * @return true when SIGKILL was needed
   */
  public static boolean stop(ProcessHandle root, Duration grace) {
    Map<Long, ProcessHandle> tree = tree(root, new LinkedHashMap<>());
    tree.values().forEach(ProcessHandle::destroy);
    if (awaitExit(tree.values(), grace)) {
      return false;
    }
    tree(root, tree); // children started during the grace period
    for (ProcessHandle process : List.copyOf(tree.values())) {
      tree(process, tree);
    }
    tree.values().forEach(ProcessHandle::destroyForcibly);
    awaitExit(tree.values(), KILL_WAIT);
    return true;
  }

  private static Map<Long, ProcessHandle> tree(ProcessHandle root, Map<Long, ProcessHandle> into) {
    if (root.isAlive()) {
      into.putIfAbsent(root.pid(), root);
    }
    root.descendants().forEach(child -> into.putIfAbsent(child.pid(), child));
    return into;
  }

  private static boolean awaitExit(Iterable<ProcessHandle> processes, Duration timeout) {
    List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
    processes.forEach(p -> exits.add(p.onExit()));
    try {
      CompletableFuture.allOf(exits.toArray(new CompletableFuture<?>[0]))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot wait for a process to end", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
