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
              + "org.apache.commons.collections4.Predicate)",
          "org.apache.commons.lang3.builder.ReflectionToStringBuilder#toString(java.lang.Object,"
              + "org.apache.commons.lang3.builder.ToStringStyle,boolean,boolean,java.lang.Class)",
          "org.apache.commons.lang3.builder.ReflectionToStringBuilder#toString(java.lang.Object,"
              + "org.apache.commons.lang3.builder.ToStringStyle,boolean,boolean,boolean,"
              + "java.lang.Class)",
          "org.apache.commons.lang3.stream.Streams$FailableStream#collect("
              + "java.util.function.Supplier,java.util.function.BiConsumer,"
              + "java.util.function.BiConsumer)"),
      // corpus-bugs.md, "a conditional expression passed to a generic call": valid code gets
      // `bad type in conditional expression` in the user's file once processed.
      "poly conditional in an explicitly typed generic call", Set.of(
          "org.apache.commons.lang3.stream.Streams#of(java.util.Collection)",
          "org.apache.commons.lang3.stream.Streams#of(java.util.stream.Stream)",
          "org.apache.commons.lang3.stream.Streams#of(java.lang.Object[])",
          "org.apache.commons.lang3.StringUtils#defaultIfEmpty(java.lang.CharSequence,"
              + "java.lang.CharSequence)"),
      // corpus-bugs.md, "a constant of the class in a case label": `case QUOTE:` is copied
      // into the machine unqualified (cannot find symbol).
      "constant of the class in a case label", Set.of(
          "org.apache.commons.text.ExtendedMessageFormat#appendQuotedString(java.lang.String,"
              + "java.text.ParsePosition,java.lang.StringBuilder)",
          "org.apache.commons.text.ExtendedMessageFormat#insertFormats(java.lang.String,"
              + "java.util.ArrayList)",
          "org.apache.commons.text.ExtendedMessageFormat#parseFormatDescription("
              + "java.lang.String,java.text.ParsePosition)"),
      // corpus-bugs.md, "the type variable of a generic class in its inner class's methods":
      // the twin and machine of an inner class do not declare the outer class's T.
      "outer type variable in an inner class's method", Set.of(
          "org.apache.commons.text.similarity.IntersectionSimilarity$TinyBag#entrySet()",
          "org.apache.commons.text.similarity.IntersectionSimilarity$TinyBag#getCount("
              + "java.lang.Object)"));

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
