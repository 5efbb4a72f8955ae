package org.await4j.processor.corpus;

import java.util.Map;
import java.util.Set;

/**
 * Processor bugs the corpus found that are not fixed yet, each written up in
 * /work/notes/corpus-bugs.md (the family, a minimal repro, the library method). The CI slice
 * leaves exactly these methods unmarked so that it passes; whoever fixes a family removes its
 * entries here, and the slice then proves the fix on the real methods.
 */
final class KnownBugs {
  private KnownBugs() {}

  /** Method ids ({@code Class#name(erased,params)}) left plain, by family. */
  static final Map<String, Set<String>> METHODS = Map.of(
      // Issue 9 items 3 and 9: the stub's `new Machine<>(...)` infers Object or a capture for a
      // type variable the arguments do not pin down or bind through a wildcard
      // (Task<List<capture of ? extends E>> cannot be converted to Task<List<E>>).
      "stub infers the machine's type arguments", Set.of(
          "org.apache.commons.collections4.ListUtils#select(java.util.Collection,"
              + "org.apache.commons.collections4.Predicate)",
          "org.apache.commons.collections4.ListUtils#selectRejected(java.util.Collection,"
              + "org.apache.commons.collections4.Predicate)",
          "org.apache.commons.collections4.ListUtils#unmodifiableList(java.util.List)",
          "org.apache.commons.collections4.SetUtils#emptySet()",
          "org.apache.commons.collections4.SetUtils#emptySortedSet()",
          "org.apache.commons.collections4.SetUtils#newIdentityHashSet()",
          "org.apache.commons.collections4.SetUtils#unmodifiableSet(java.lang.Object[])",
          "org.apache.commons.collections4.SetUtils#unmodifiableSet(java.util.Set)"));

  /** Source files that cannot compile with any method marked, by reason. */
  static final Map<String, String> FILES = Map.of();

  static Set<String> methods() {
    return METHODS.values().stream().flatMap(Set::stream)
        .collect(java.util.stream.Collectors.toSet());
  }

  static String familyOf(String methodId) {
    for (var e : METHODS.entrySet()) {
      if (e.getValue().contains(methodId)) {
        return e.getKey();
      }
    }
    return null;
  }
}
