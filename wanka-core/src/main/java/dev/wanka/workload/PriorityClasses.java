package dev.wanka.workload;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The priority classes a cluster defines, and the one a submission gets when it names none. The
 * caller (server configuration, twin scenario) provides them; {@link WorkloadReader} resolves
 * {@code priority:} against them.
 */
public record PriorityClasses(List<PriorityClass> classes, String defaultClass) {
  public PriorityClasses {
    classes = List.copyOf(classes);
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("priority classes: at least one is needed");
    }
    Set<String> names = new HashSet<>();
    for (PriorityClass c : classes) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException(
            "priority classes: '" + c.name() + "' is defined twice; names must be unique");
      }
    }
    if (!names.contains(defaultClass)) {
      throw new IllegalArgumentException(
          "priority classes: default '"
              + defaultClass
              + "' is not one of "
              + String.join(", ", namesOf(classes)));
    }
  }

  public Optional<PriorityClass> find(String name) {
    return classes.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public PriorityClass defaults() {
    return find(defaultClass).orElseThrow();
  }

  public List<String> names() {
    return namesOf(classes);
  }

  private static List<String> namesOf(List<PriorityClass> classes) {
    return classes.stream().map(PriorityClass::name).toList();
  }
}
