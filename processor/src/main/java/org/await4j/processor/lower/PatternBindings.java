package org.await4j.processor.lower;

import com.sun.source.tree.CaseTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import javax.lang.model.element.Element;
import org.await4j.processor.analyze.Jumps;
import org.await4j.processor.find.Unnameable;

/** Pattern variables ({@code o instanceof String s}) that must live in fields. */
final class PatternBindings extends Pass {
  PatternBindings(Lowerer lowerer) {
    super(lowerer);
  }

  /**
   * Pattern variables ({@code o instanceof String s}) declared by this statement's own
   * expressions live in fields when the statement is split into states, or when flow scoping
   * lets them escape into the statements that follow.
   */
  void hoist(TreePath statement, boolean lowered) {
    hoistPrivate(statement);
    Tree root = statement.getLeaf();
    if (!lowered && !(root instanceof IfTree || root instanceof WhileLoopTree
        || root instanceof DoWhileLoopTree || root instanceof ForLoopTree)) {
      return;
    }
    new TreePathScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void v) {
        // nested statements hoist their own; expression carriers (a switch arm's yield, a
        // for update, a resource declaration) belong to this statement
        if (tree instanceof StatementTree && tree != root && !(tree instanceof YieldTree)
            && !(tree instanceof ExpressionStatementTree) && !(tree instanceof VariableTree)
            && !(tree instanceof CaseTree)) { // javac's case trees are statements too
          return null;
        }
        if (tree instanceof CaseTree && tree != root
            && ((CaseTree) tree).getCaseKind() == CaseTree.CaseKind.STATEMENT
            && !(getCurrentPath().getLeaf() instanceof SwitchExpressionTree)) {
          return null;
        }
        if (tree instanceof com.sun.source.tree.LambdaExpressionTree
            || tree instanceof com.sun.source.tree.ClassTree) {
          return null;
        }
        return super.scan(tree, v);
      }

      @Override
      public Void visitCase(CaseTree node, Void v) {
        // javac may keep a rule's expression only as the statement "yield expr;" once the
        // switch is attributed: look at whichever it has
        scan(node.getExpressions(), v);
        if (node.getCaseKind() == CaseTree.CaseKind.RULE && node.getBody() != null) {
          return scan(node.getBody(), v);
        }
        return scan(node.getStatements(), v);
      }

      @Override
      public Void visitBindingPattern(com.sun.source.tree.BindingPatternTree node, Void v) {
        TreePath varPath = new TreePath(getCurrentPath(), node.getVariable());
        Element e = ctx.trees.getElement(varPath);
        if (e != null && body.hoisted.get(e) == null
            && !FieldNames.unnamed(node.getVariable().getName())
            && (lowered || escapes(e, statement))) {
          String name = names.bindingName(node.getVariable().getName().toString());
          body.hoisted.put(e, name);
          body.field(lowerer.typeOf(e.asType(), node), name);
        }
        return null;
      }
    }.scan(statement, null);
  }

  /**
   * Pattern variables of a private class ({@code o instanceof Hand h}), which the machine
   * cannot declare as Java does: always fields, which {@code (h = orNull(Hand, o)) != null}
   * sets (see Edits). Nested statements too, which may be printed with this one.
   */
  private void hoistPrivate(TreePath statement) {
    if (!ctx.privateValues.fileHasPrivateTypes()) {
      return; // no private class to match
    }
    new TreePathScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void v) {
        if (tree instanceof com.sun.source.tree.LambdaExpressionTree
            || tree instanceof com.sun.source.tree.ClassTree) {
          return null; // reported where the pattern is (not a field there)
        }
        return super.scan(tree, v);
      }

      @Override
      public Void visitBindingPattern(com.sun.source.tree.BindingPatternTree node, Void v) {
        Element e = ctx.trees.getElement(new TreePath(getCurrentPath(), node.getVariable()));
        if (e != null && body.hoisted.get(e) == null
            && !FieldNames.unnamed(node.getVariable().getName())
            && Unnameable.mentioned(ctx.types.erasure(e.asType()))) {
          String name = names.bindingName(node.getVariable().getName().toString());
          body.hoisted.put(e, name);
          body.field(lowerer.typeOf(e.asType(), node), name);
        }
        return null;
      }
    }.scan(statement, null);
  }

  private boolean escapes(Element binding, TreePath statement) {
    boolean[] outside = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void v) {
        if (binding.equals(ctx.trees.getElement(getCurrentPath()))
            && !Jumps.within(node, statement)) {
          outside[0] = true;
        }
        return null;
      }
    }.scan(new TreePath(ctx.methodPath, ctx.methodTree().getBody()), null);
    return outside[0];
  }
}
