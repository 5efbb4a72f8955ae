package org.await4j.processor.lower;

import com.palantir.javapoet.CodeBlock;

/** One case of the generated switch, while the lowering still writes into it. */
final class OpenState {
  final int id;
  final Label handler;
  String comment;
  /** The source line the last line comment in this state names (its own comment's first). */
  long commentedLine = -1;
  final CodeBlock.Builder code = CodeBlock.builder();
  int size;

  OpenState(int id, Label handler, String comment) {
    this.id = id;
    this.handler = handler;
    this.comment = comment;
  }
}
