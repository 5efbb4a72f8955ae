package org.await4j.processor.lower;

import com.palantir.javapoet.CodeBlock;

/** One case of the generated switch. */
public final class State {
  public final int id;
  public final Label handler;
  public String comment;
  /** The source line the last line comment in this state names (its own comment's first). */
  long commentedLine = -1;
  public final CodeBlock.Builder code = CodeBlock.builder();
  int size;

  public State(int id, Label handler, String comment) {
    this.id = id;
    this.handler = handler;
    this.comment = comment;
  }
}
