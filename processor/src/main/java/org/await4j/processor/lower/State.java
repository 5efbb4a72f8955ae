package org.await4j.processor.lower;

import com.palantir.javapoet.CodeBlock;

/** One case of the generated switch, as the lowering left it. */
public final class State {
  public final int id;
  /** The state of the handler of the try block around this one; -1: none. */
  public final int handler;
  /** The line comment at the top of the case: the source line it came from. */
  public final String comment;
  /** The source line async stack traces show while the machine waits in this state. */
  public final long line;
  public final CodeBlock code;
  /** Whether the case declares a local of its own, so needs braces. */
  public final boolean declares;

  State(int id, int handler, String comment, long line, CodeBlock code, boolean declares) {
    this.id = id;
    this.handler = handler;
    this.comment = comment;
    this.line = line;
    this.code = code;
    this.declares = declares;
  }
}
