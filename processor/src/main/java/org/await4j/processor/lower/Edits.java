package org.await4j.processor.lower;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.BindingPatternTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import org.await4j.processor.Problem;
import org.await4j.processor.RuntimeNames;
import org.await4j.processor.analyze.Jumps;
import org.await4j.processor.find.Unnameable;

/**
 * The edits of control flow: returns, yields, breaks and continues that leave the printed code
 * become state transitions; asserts follow the source class's status; pattern variables and
 * resources that live in fields are copied.
 */
final class Edits extends ReferenceEdits {
  Edits(Slicer slicer, TreePath root, Map<Tree, CodeBlock> overrides, List<Slicer.Range> ranges,
      boolean moved) {
    super(slicer, root, overrides, ranges, moved);
  }

  @Override
  public Void visitReturn(ReturnTree node, Void v) {
    if (lambdaDepth > 0 || !nestedClasses.isEmpty()) {
      return super.visitReturn(node, v);
    }
    TreePath expression = node.getExpression() == null ? null
        : new TreePath(getCurrentPath(), node.getExpression());
    CodeBlock value = expression == null ? null : nested(expression);
    replaceStatement(node,
        host.returnWith(value, expression, insideJavaFinally(getCurrentPath())));
    return null;
  }

  @Override
  public Void visitTry(com.sun.source.tree.TryTree node, Void v) {
    // try (r) needs an effectively final variable; a local that lives in a field is not one
    for (Tree resource : node.getResources()) {
      if (resource instanceof IdentifierTree) {
        Element e = ctx.trees.getElement(new TreePath(getCurrentPath(), resource));
        String field = e == null ? null : host.fieldOf(e);
        if (field != null) {
          edits.add(new Slicer.Edit(slicer.start(resource), slicer.end(resource),
              CodeBlock.of("var $L = $L", host.freshName(field + "Resource"), field)));
          keep.add(resource); // this edit names the field: the name gets no other

        }
      }
    }
    if (catchesPrivate(node)) {
      scan(node.getResources(), v);
      scan(node.getBlock(), v);
      String pending = host.pendingJumpField(); // (a jump in the block may have made it)
      privateCatches(node, pending != null && containsJump(node) ? pending : null);
      scan(node.getFinallyBlock(), v);
      return null;
    }
    super.visitTry(node, v);
    String pending = host.pendingJumpField();
    if (pending != null && !node.getCatches().isEmpty() && containsJump(node)) {
      // a jump out of this try waits for Java's closes and finally blocks; if one of them
      // throws and a catch here takes the exception, the jump is off
      for (com.sun.source.tree.CatchTree c : node.getCatches()) {
        long open = slicer.start(c.getBlock()) + 1;
        edits.add(new Slicer.Edit(open, open, CodeBlock.of(" $L = -1;", pending)));
      }
    }
    return null;
  }

  /** Whether a catch of {@code node} names a private exception class, which the machine cannot. */
  private boolean catchesPrivate(com.sun.source.tree.TryTree node) {
    for (com.sun.source.tree.CatchTree c : node.getCatches()) {
      for (javax.lang.model.type.TypeMirror t : caughtTypes(c)) {
        if (Unnameable.mentioned(ctx.types.erasure(t))) {
          return true;
        }
      }
    }
    return false;
  }

  private List<javax.lang.model.type.TypeMirror> caughtTypes(com.sun.source.tree.CatchTree c) {
    Element e = ctx.trees.getElement(new TreePath(new TreePath(getCurrentPath(), c), c.getParameter()));
    javax.lang.model.type.TypeMirror t = e == null ? null : e.asType();
    if (t instanceof javax.lang.model.type.UnionType) {
      return new ArrayList<>(((javax.lang.model.type.UnionType) t).getAlternatives());
    }
    return t == null ? List.of() : List.of(t);
  }

  /** The simple name of the first private exception class {@code node} catches. */
  private String privateCaught(com.sun.source.tree.TryTree node) {
    for (com.sun.source.tree.CatchTree c : node.getCatches()) {
      javax.lang.model.element.Element parameter = ctx.trees.getElement(
          new TreePath(new TreePath(getCurrentPath(), c), c.getParameter()));
      javax.lang.model.type.TypeMirror type = parameter == null ? null : parameter.asType();
      List<? extends javax.lang.model.type.TypeMirror> caught =
          type instanceof javax.lang.model.type.UnionType
              ? ((javax.lang.model.type.UnionType) type).getAlternatives()
              : type == null ? List.of() : List.of(type);
      for (javax.lang.model.type.TypeMirror t : caught) {
        if (org.await4j.processor.find.Unnameable.mentioned(t)) {
          return ctx.types.asElement(t).getSimpleName().toString();
        }
      }
    }
    return "the exception class";
  }

  /**
   * The catches of a try that catches a private exception class: one {@code catch (Throwable)}
   * that tests each clause's classes in order (a private one through its class), binds the
   * clause's variable and runs its block, and rethrows what none takes, as Java's catches do.
   */
  private void privateCatches(com.sun.source.tree.TryTree node, String pending) {
    if (lambdaDepth > 0 || !nestedClasses.isEmpty()) {
      String name = privateCaught(node);
      throw host.fail(Problem.PRIVATE_MEMBER, node.getCatches().get(0), name,
          ctx.machineName(), "a catch of a private exception class inside a lambda or"
          + " class of the body", name);
    }
    String caught = host.freshName("caught");
    CodeBlock.Builder b = CodeBlock.builder().add("catch ($T $L) {\n$>", Throwable.class, caught);
    boolean first = true;
    for (com.sun.source.tree.CatchTree c : node.getCatches()) {
      TreePath clause = new TreePath(getCurrentPath(), c);
      List<javax.lang.model.type.TypeMirror> types = caughtTypes(c);
      List<CodeBlock> tests = new ArrayList<>();
      for (javax.lang.model.type.TypeMirror t : types) {
        tests.add(Unnameable.mentioned(ctx.types.erasure(t))
            ? CodeBlock.of("$L.isInstance($L)", slicer.accessors.classConstant(t), caught)
            : CodeBlock.of("$L instanceof $T", caught, ctx.types.erasure(t)));
      }
      com.palantir.javapoet.TypeName type = types.size() == 1
          ? Unnameable.visible(ctx.types.erasure(types.get(0)), ctx.types)
          : com.palantir.javapoet.ClassName.get(Throwable.class);
      Element param = ctx.trees.getElement(new TreePath(clause, c.getParameter()));
      String field = param == null ? null : host.fieldOf(param);
      b.add(first ? "if ($L) {\n$>" : "} else if ($L) {\n$>", CodeBlock.join(tests, " || "));
      if (field != null) {
        b.add("$L = ($T) $L;\n", field, type, caught);
      } else {
        b.add("$T $L = ($T) $L;\n", type, c.getParameter().getName(), type, caught);
      }
      if (pending != null) {
        b.add("$L = -1;\n", pending); // see visitTry
      }
      b.add("$L\n$<", within(new TreePath(clause, c.getBlock())));
      first = false;
    }
    b.add("} else {\n$>throw $L;\n$<}\n$<}", caught);
    List<? extends com.sun.source.tree.CatchTree> catches = node.getCatches();
    edits.add(new Slicer.Edit(slicer.start(catches.get(0)),
        slicer.end(catches.get(catches.size() - 1)), b.build()));
  }

  private boolean containsJump(com.sun.source.tree.TryTree node) {
    boolean[] found = {false};
    com.sun.source.util.TreeScanner<Void, Void> jumps = new com.sun.source.util.TreeScanner<>() {
      @Override
      public Void visitReturn(com.sun.source.tree.ReturnTree t, Void v) {
        found[0] = true;
        return null;
      }

      @Override
      public Void visitBreak(com.sun.source.tree.BreakTree t, Void v) {
        found[0] = true;
        return null;
      }

      @Override
      public Void visitContinue(com.sun.source.tree.ContinueTree t, Void v) {
        found[0] = true;
        return null;
      }

      @Override
      public Void visitYield(YieldTree t, Void v) {
        found[0] = true;
        return super.visitYield(t, v);
      }
    };
    jumps.scan(node.getResources(), null);
    jumps.scan(node.getBlock(), null);
    return found[0];
  }

  @Override
  public Void visitInstanceOf(InstanceOfTree node, Void v) {
    Tree pattern = node.getPattern();
    if (pattern instanceof BindingPatternTree && privatePattern((BindingPatternTree) pattern)) {
      return null;
    }
    if (pattern != null) {
      // Pattern variables that live in fields: keep the pattern as it is (its variables stay
      // Java locals in this expression) and copy each one to its field once it matched.
      List<String> copies = new ArrayList<>();
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitBindingPattern(BindingPatternTree b, Void unused) {
          Element e = ctx.trees.getElement(new TreePath(getCurrentPath(), b.getVariable()));
          String field = e == null ? null : host.fieldOf(e);
          if (field != null) {
            copies.add("bound(" + field + " = " + b.getVariable().getName() + ")");
          }
          return super.visitBindingPattern(b, unused);
        }
      }.scan(new TreePath(getCurrentPath(), pattern), null);
      if (!copies.isEmpty()) {
        edits.add(new Slicer.Edit(slicer.start(node), slicer.start(node), CodeBlock.of("(")));
        edits.add(new Slicer.Edit(slicer.end(node), slicer.end(node),
            CodeBlock.of(" && $L)", String.join(" && ", copies))));
      }
    }
    return super.visitInstanceOf(node, v);
  }

  /**
   * {@code o instanceof Hand h} of a private class, which the machine cannot name in a pattern:
   * {@code (h = (V) orNull(Hand, o)) != null}, h a field (see PatternBindings). Null exactly
   * when the pattern does not match.
   */
  private boolean privatePattern(BindingPatternTree pattern) {
    TreePath variable = new TreePath(new TreePath(getCurrentPath(), pattern), pattern.getVariable());
    Element e = ctx.trees.getElement(variable);
    if (e == null || !Unnameable.mentioned(ctx.types.erasure(e.asType()))) {
      return false;
    }
    String field = host.fieldOf(e);
    if (lambdaDepth > 0 || !nestedClasses.isEmpty()) {
      declaredBindings.add(e); // reported once, here: not again at each use
      CharSequence name = ctx.types.asElement(e.asType()).getSimpleName();
      throw host.fail(Problem.PRIVATE_MEMBER, pattern, name, ctx.machineName(),
          "a pattern over a private class inside a lambda or class of the body", name);
    }
    if (field == null) {
      // only the reach check's printing, which hoists nothing: the lowering makes it a field
      field = pattern.getVariable().getName().toString();
      declaredBindings.add(e);
    }
    InstanceOfTree node = (InstanceOfTree) getCurrentPath().getLeaf();
    CodeBlock value = CodeBlock.of("$T.orNull($L, $L)", RuntimeNames.PRIVATE_CASTS,
        slicer.accessors.classConstant(e.asType()),
        within(new TreePath(getCurrentPath(), node.getExpression())));
    com.palantir.javapoet.TypeName held = Unnameable.visible(e.asType(), ctx.types);
    if (!held.equals(com.palantir.javapoet.ClassName.OBJECT)) {
      value = CodeBlock.of("($T) $L", held, value);
    }
    replace(node, CodeBlock.of("(($L = $L) != null)", field, value));
    return true;
  }

  @Override
  public Void visitAssert(com.sun.source.tree.AssertTree node, Void v) {
    if (moved || lambdaDepth > 0 || !nestedClasses.isEmpty()) {
      return super.visitAssert(node, v);
    }
    TreePath here = getCurrentPath();
    CodeBlock condition = nested(new TreePath(here, node.getCondition()));
    CodeBlock failure = node.getDetail() == null
        ? CodeBlock.of("new $T()", AssertionError.class)
        : CodeBlock.of("new $T($L)", AssertionError.class,
            nested(new TreePath(here, node.getDetail())));
    replace(node, CodeBlock.of("if ($L && !($L)) throw $L;", host.assertionsEnabled(),
        condition, failure));
    return null;
  }

  @Override
  public Void visitYield(YieldTree node, Void v) {
    Tree target = Jumps.yieldTarget(getCurrentPath());
    if (target == null || Jumps.within(target, root)) {
      return super.visitYield(node, v);
    }
    CodeBlock value = nested(new TreePath(getCurrentPath(), node.getValue()));
    CodeBlock code = host.yieldTo(target, value, insideJavaFinally(getCurrentPath()));
    if (code == null) {
      throw host.fail(Problem.INTERNAL, node, "yield target was not lowered");
    }
    replaceStatement(node, code);
    return null;
  }

  @Override
  public Void visitBreak(BreakTree node, Void v) {
    jump(Jumps.breakTarget(getCurrentPath()), false, node);
    return null;
  }

  @Override
  public Void visitContinue(ContinueTree node, Void v) {
    jump(Jumps.continueTarget(getCurrentPath()), true, node);
    return null;
  }

  private void jump(Tree target, boolean isContinue, Tree node) {
    if (target == null || Jumps.within(target, root)) {
      return; // stays inside the printed code: plain Java does it
    }
    CodeBlock code = host.jumpTo(target, isContinue, insideJavaFinally(getCurrentPath()));
    if (code == null) {
      throw host.fail(Problem.INTERNAL, node, "jump target was not lowered");
    }
    replaceStatement(node, code);
  }
}
