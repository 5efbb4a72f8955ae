package org.await4j.processor.corpus;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * The methods a file calls (or references) where a call of an {@code @Async} method would be a
 * suspension point the processor must reject: in lambdas, method references, anonymous and
 * local class bodies and {@code synchronized} blocks. Marking those methods {@code @Async} would
 * turn valid code into a rejected one, so the rewriter leaves them alone.
 */
final class CalledWhereNoSuspension extends TreePathScanner<Void, Void> {
  private final Trees trees;
  private final Set<Element> found = new HashSet<>();
  private int depth;

  private CalledWhereNoSuspension(Trees trees) {
    this.trees = trees;
  }

  static Set<Element> in(CompilationUnitTree unit, Trees trees) {
    CalledWhereNoSuspension s = new CalledWhereNoSuspension(trees);
    s.scan(unit, null);
    return s.found;
  }

  @Override
  public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
    if (depth > 0) {
      add();
    }
    return super.visitMethodInvocation(node, unused);
  }

  @Override
  public Void visitMemberReference(MemberReferenceTree node, Void unused) {
    add();
    return inside(() -> super.visitMemberReference(node, unused));
  }

  @Override
  public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
    return inside(() -> super.visitLambdaExpression(node, unused));
  }

  @Override
  public Void visitSynchronized(SynchronizedTree node, Void unused) {
    return inside(() -> super.visitSynchronized(node, unused));
  }

  @Override
  public Void visitNewClass(NewClassTree node, Void unused) {
    if (depth > 0) {
      add();
    }
    return super.visitNewClass(node, unused);
  }

  @Override
  public Void visitClass(ClassTree node, Void unused) {
    Element e = trees.getElement(getCurrentPath());
    boolean local = e instanceof TypeElement && !Rewriter.isMemberOrTopLevel((TypeElement) e);
    return local ? inside(() -> super.visitClass(node, unused)) : super.visitClass(node, unused);
  }

  private void add() {
    Element e = trees.getElement(getCurrentPath());
    if (e != null) {
      found.add(e);
    }
  }

  private Void inside(java.util.function.Supplier<Void> body) {
    depth++;
    try {
      return body.get();
    } finally {
      depth--;
    }
  }
}
