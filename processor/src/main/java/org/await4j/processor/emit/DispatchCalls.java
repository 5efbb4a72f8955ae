package org.await4j.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.Map;

/**
 * A call of an override site's dispatcher ({@code Overrides.Site.dispatcher()}), exactly typed as
 * its handle is: the loop, then {@code self} and every reference argument as an Object, primitives
 * as they are; the result read back through an Object where it is a reference.
 */
final class DispatchCalls {
  private DispatchCalls() {}

  /** {@code handle.invokeExact(loop, (Object) self, args...)}, {@code params} by name and type. */
  static CodeBlock invoke(CodeBlock handle, String loop, Map<String, TypeName> params) {
    CodeBlock.Builder args = CodeBlock.builder().add("$L, ($T) self", loop, Object.class);
    for (Map.Entry<String, TypeName> p : params.entrySet()) {
      if (p.getValue().isPrimitive()) {
        args.add(", $L", p.getKey());
      } else {
        args.add(", ($T) $L", Object.class, p.getKey());
      }
    }
    return CodeBlock.of("$L.invokeExact($L)", handle, args.build());
  }

  /** The cast that gives the call's value the method's result type {@code result} (not void). */
  static CodeBlock resultCast(TypeName result) {
    return result.isPrimitive() || result.equals(ClassName.OBJECT) ? CodeBlock.of("($T) ", result)
        : CodeBlock.of("($T) ($T) ", result, Object.class);
  }
}
