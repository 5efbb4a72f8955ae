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
  static final Map<String, Set<String>> METHODS = Map.of(
      // "a conditional expression passed to a generic call": valid code gets
      // `bad type in conditional expression` in the user's file once processed.
      "poly conditional in an explicitly typed generic call", Set.of(
          "org.apache.commons.lang3.stream.Streams#of(java.util.Collection)",
          "org.apache.commons.lang3.stream.Streams#of(java.util.stream.Stream)",
          "org.apache.commons.lang3.stream.Streams#of(java.lang.Object[])",
          "org.apache.commons.lang3.StringUtils#defaultIfEmpty(java.lang.CharSequence,"
              + "java.lang.CharSequence)"));

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
