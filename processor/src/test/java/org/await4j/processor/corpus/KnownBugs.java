package org.await4j.processor.corpus;

import java.util.Map;
import java.util.Set;

/**
 * Processor bugs the corpus found that are not fixed yet, by family, each with the library
 * methods it was found in (minimal repros are in the issue tracker's note). The CI slice
 * leaves exactly these methods unmarked so that it passes; whoever fixes a family removes its
 * entries here, and the slice then proves the fix on the real methods.
 */
final class KnownBugs {
  private KnownBugs() {}

  /** Method ids ({@code Class#name(erased,params)}) left plain, by family. */
  static final Map<String, Set<String>> METHODS = Map.of(); // none open in the slice now

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
