package org.await4j.processor.lower;

import org.await4j.processor.analyze.Jumps;
import org.await4j.processor.analyze.Suspensions;

/**
 * One concern of the lowering of a body (loops, try, switch, expressions, awaits, the states
 * themselves). The passes call one another through the {@link Lowerer} that made them, and emit
 * through its {@link StateBuilder}.
 */
abstract class Pass {
  final Lowerer lowerer;
  final MethodContext ctx;
  final Suspensions suspensions;
  final Jumps jumps;
  final Slicer slicer;
  /** Whether the body is lowered for the shared body (see {@link Lowerer#fast}). */
  final boolean fast;
  final FieldNames names;
  /** The states being built; null in the {@link StateBuilder} itself. */
  final StateBuilder body;

  Pass(Lowerer lowerer) {
    this.lowerer = lowerer;
    this.ctx = lowerer.ctx;
    this.suspensions = lowerer.suspensions;
    this.jumps = lowerer.jumps;
    this.slicer = lowerer.slicer;
    this.fast = lowerer.fast;
    this.names = lowerer.names;
    this.body = lowerer.body;
  }

  LoopLowering loops() {
    return lowerer.loops;
  }

  TryLowering tries() {
    return lowerer.tries;
  }

  SwitchLowering switches() {
    return lowerer.switches;
  }

  ExpressionLowering exprs() {
    return lowerer.exprs;
  }

  AwaitLowering awaits() {
    return lowerer.awaits;
  }
}
