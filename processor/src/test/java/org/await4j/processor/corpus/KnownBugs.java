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
      // corpus-bugs.md, "saved operand loses a lower-bounded wildcard": an operand of type
      // Predicate<? super E> saved before a suspension is declared Predicate<?>, and the call
      // it is passed to no longer infers (`method ... cannot be applied to given types`).
      "saved operand loses a lower-bounded wildcard", Set.of(
          "org.apache.commons.collections4.ListUtils#selectRejected(java.util.Collection,"
              + "org.apache.commons.collections4.Predicate)"));

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
