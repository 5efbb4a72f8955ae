package org.await4j.processor.analyze;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import javax.lang.model.element.Element;

/** Which locals a tree writes. */
public final class Assignments {
  private Assignments() {}

  /**
   * The variables that {@code path} assigns by name (=, compound assignments, ++ and --), not
   * counting the initializers of their declarations.
   */
  public static java.util.Set<Element> assignedIn(Trees trees, TreePath path) {
    return writes(trees, path, false);
  }

  /** Whether {@code local} is assigned (or bound, as a pattern variable) inside {@code path}. */
  public static boolean within(Trees trees, Element local, TreePath path) {
    return writes(trees, path, true).contains(local);
  }

  /** What {@link #assignedIn} finds, and with {@code declared} the variables declared too. */
  private static java.util.Set<Element> writes(Trees trees, TreePath path, boolean declared) {
    java.util.Set<Element> found = new java.util.HashSet<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree node, Void v) {
        note(node.getVariable());
        return super.visitAssignment(node, v);
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree node, Void v) {
        note(node.getVariable());
        return super.visitCompoundAssignment(node, v);
      }

      @Override
      public Void visitVariable(VariableTree node, Void v) {
        Element e = declared ? trees.getElement(getCurrentPath()) : null;
        if (e != null) {
          found.add(e); // a pattern variable bound inside the statement
        }
        return super.visitVariable(node, v);
      }

      @Override
      public Void visitUnary(UnaryTree node, Void v) {
        switch (node.getKind()) {
          case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT:
          case POSTFIX_DECREMENT:
            note(node.getExpression());
            break;
          default:
            break;
        }
        return super.visitUnary(node, v);
      }

      private void note(ExpressionTree target) {
        ExpressionTree t = target;
        while (t instanceof com.sun.source.tree.ParenthesizedTree) {
          t = ((com.sun.source.tree.ParenthesizedTree) t).getExpression();
        }
        if (t instanceof IdentifierTree) {
          Element e = trees.getElement(new TreePath(getCurrentPath(), t));
          if (e != null) {
            found.add(e);
          }
        }
      }
    }.scan(path, null);
    return found;
  }
}
