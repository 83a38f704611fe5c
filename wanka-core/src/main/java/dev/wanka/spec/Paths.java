package dev.wanka.spec;

/** Field paths as people read them: {@code pools[1].scaleUp.domainNodes}. */
public final class Paths {
  private Paths() {}

  public static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  public static String item(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
