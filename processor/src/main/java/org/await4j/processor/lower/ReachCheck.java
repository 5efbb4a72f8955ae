package org.await4j.processor.lower;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import javax.lang.model.element.Element;
import org.await4j.processor.Problem;
import org.await4j.processor.analyze.Suspensions;

/**
 * Reports, before lowering, every place of a body that the state machine could not reach (a
 * private class, {@code Outer.this}, an unsupported {@code super} ...), all in one compile:
 * the body is printed once with this host, whose {@link #fail} reports and lets the printing go
 * on with the next tree. What is printed is thrown away.
 */
public final class ReachCheck implements Slicer.Host {
  private final MethodContext ctx;
  private final Suspensions suspensions;
  private int reported;

  private ReachCheck(MethodContext ctx, Suspensions suspensions) {
    this.ctx = ctx;
    this.suspensions = suspensions;
  }

  /** Reports every unreachable place of {@code body}; the number reported. */
  public static int run(MethodContext ctx, TreePath body, Suspensions suspensions) {
    ReachCheck check = new ReachCheck(ctx, suspensions);
    new Slicer(ctx, check).check(body);
    return check.reported;
  }

  @Override
  public RuntimeException fail(Problem problem, Tree tree, Object... args) {
    ctx.diagnostics.error(problem, tree, ctx.unit, args);
    reported++;
    return new Lowerer.Abort();
  }

  @Override
  public String fieldOf(Element local) {
    return null; // every local stays a Java local: nothing is hoisted in this printing
  }

  @Override
  public CodeBlock jumpTo(Tree target, boolean isContinue, boolean viaJava) {
    return CodeBlock.of("");
  }

  @Override
  public String assertionsEnabled() {
    return "assertions";
  }

  @Override
  public String freshName(String base) {
    return base;
  }

  @Override
  public CodeBlock yieldTo(Tree switchExpression, CodeBlock value, boolean viaJava) {
    return CodeBlock.of("");
  }

  @Override
  public CodeBlock returnWith(CodeBlock value, TreePath expression, boolean viaJava) {
    return CodeBlock.of("");
  }

  @Override
  public String temporary(com.palantir.javapoet.TypeName type, String base) {
    return base;
  }

  @Override
  public String snapshot(String field, Element local) {
    return field;
  }

  @Override
  public com.palantir.javapoet.TypeName fieldType(String field) {
    return com.palantir.javapoet.ClassName.OBJECT; // never printed: nothing is hoisted here
  }

  @Override
  public boolean assignedWithin(Element local, TreePath path) {
    return false;
  }

  @Override
  public String pendingJumpField() {
    return null;
  }

  @Override
  public void notFast(String why) {}

  @Override
  public boolean suspends(Tree tree) {
    return suspensions.contains(tree); // the lowering spills what such a tree needs first
  }
}
