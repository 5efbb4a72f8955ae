package org.await4j.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The lint warnings generated code would raise only because it repeats the user's code (its
 * statements, its signatures' types, its classes: an auxiliary class named from the twin's own
 * file, a module's types in an exported package's public twins): javac already says them at the
 * user's own lines, where the user's {@code @SuppressWarnings} applies, so a generated class
 * suppresses them all and no message points into it.
 */
final class Suppressions {
  private static final List<String> MIRRORED = List.of("auxiliaryclass", "cast", "deprecation",
      "dep-ann", "divzero", "empty", "exports", "finally", "overrides", "rawtypes", "removal",
      "serial", "static", "try", "unchecked", "varargs");

  private Suppressions() {}

  /** {@code @SuppressWarnings} with the mirrored warnings and {@code more}. */
  static AnnotationSpec of(String... more) {
    List<String> all = new ArrayList<>(MIRRORED);
    all.addAll(List.of(more));
    List<CodeBlock> values = new ArrayList<>();
    for (String w : all) {
      values.add(CodeBlock.of("$S", w));
    }
    return AnnotationSpec.builder(SuppressWarnings.class)
        .addMember("value", "{$L}", CodeBlock.join(values, ", ")).build();
  }
}
