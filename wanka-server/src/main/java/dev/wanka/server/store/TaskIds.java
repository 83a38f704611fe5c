package dev.wanka.server.store;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one spelling of a task id, {@code j<job>-r<replica>-a<attempt>-n<nodeRank>}: unique for all
 * time, and naming its job.
 */
public final class TaskIds {
  private static final Pattern TASK_ID = Pattern.compile("j(\\d+)-r\\d+-a\\d+-n\\d+");

  private TaskIds() {}

  public static String of(long job, int replica, int attempt, int nodeRank) {
    return "j" + job + "-r" + replica + "-a" + attempt + "-n" + nodeRank;
  }

  /** The job of a task id; empty when the text is not a task id. */
  public static OptionalLong jobOf(String taskId) {
    Matcher matcher = TASK_ID.matcher(taskId);
    return matcher.matches()
        ? OptionalLong.of(Long.parseLong(matcher.group(1)))
        : OptionalLong.empty();
  }
}
