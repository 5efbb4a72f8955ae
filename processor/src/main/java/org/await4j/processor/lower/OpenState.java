package org.await4j.processor.lower;

import com.palantir.javapoet.CodeBlock;

/** One case of the generated switch, while the lowering still writes into it. */
final class OpenState {
  final int id;
  /** The handler of the try block around this state; an empty state can still take another. */
  Label handler;
  String comment;
  /** The source line the last line comment in this state names (its own comment's first). */
  long commentedLine = -1;
  final CodeBlock.Builder code = CodeBlock.builder();
  int size;
  /** The state this one falls into at its end, -1 if none: it sets {@code state} only if read. */
  int fallsInto = -1;
  /** Whether this state declares a local of its own: its case then needs braces. */
  boolean declares;
  /** Whether this state's code compares {@code state} with its own id: entered, it is set. */
  boolean readsOwnState;

  OpenState(int id, Label handler, String comment) {
    this.id = id;
    this.handler = handler;
    this.comment = comment;
  }
}
