package org.await4j.processor.analyze;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.VariableElement;

/** Where break and continue go, and JLS 14.22's "can complete normally", over source trees. */
public final class Jumps {
  private final Trees trees;

  public Jumps(Trees trees) {
    this.trees = trees;
  }

  /** The statement a {@code break} leaves: a loop, a switch or a labeled statement. */
  public static Tree breakTarget(TreePath path) {
    BreakTree b = (BreakTree) path.getLeaf();
    return target(path, b.getLabel() == null ? null : b.getLabel().toString(), true);
  }

  /** The switch expression a {@code yield} gives its value to. */
  public static Tree yieldTarget(TreePath path) {
    for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
      Tree t = p.getLeaf();
      if (t.getKind() == Tree.Kind.SWITCH_EXPRESSION) {
        return t;
      }
      if (t.getKind() == Tree.Kind.LAMBDA_EXPRESSION || t.getKind() == Tree.Kind.CLASS
          || t.getKind() == Tree.Kind.METHOD) {
        return null;
      }
    }
    return null;
  }

  /** The loop a {@code continue} continues. */
  public static Tree continueTarget(TreePath path) {
    ContinueTree c = (ContinueTree) path.getLeaf();
    Tree t = target(path, c.getLabel() == null ? null : c.getLabel().toString(), false);
    while (t instanceof LabeledStatementTree) {
      t = ((LabeledStatementTree) t).getStatement();
    }
    return t;
  }

  private static Tree target(TreePath path, String label, boolean isBreak) {
    for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
      Tree t = p.getLeaf();
      switch (t.getKind()) {
        case LAMBDA_EXPRESSION: case CLASS: case METHOD:
          return null;
        case LABELED_STATEMENT:
          if (label != null && ((LabeledStatementTree) t).getLabel().contentEquals(label)) {
            return t;
          }
          break;
        case WHILE_LOOP: case DO_WHILE_LOOP: case FOR_LOOP: case ENHANCED_FOR_LOOP:
          if (label == null) {
            return t;
          }
          break;
        case SWITCH:
          if (label == null && isBreak) {
            return t;
          }
          break;
        default:
          break;
      }
    }
    return null;
  }

  /** Whether {@code inner} is {@code outer} or lies inside it. */
  public static boolean within(Tree inner, TreePath outer) {
    return inner != null && contains(outer.getLeaf(), inner);
  }

  private static boolean contains(Tree outer, Tree inner) {
    boolean[] found = {false};
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void scan(Tree t, Void v) {
        if (t == inner) {
          found[0] = true;
        }
        return found[0] ? null : super.scan(t, v);
      }
    }.scan(outer, null);
    return found[0];
  }

  /** JLS 14.22, for statements that javac already accepted. */
  public boolean canCompleteNormally(TreePath path) {
    StatementTree s = (StatementTree) path.getLeaf();
    switch (s.getKind()) {
      case RETURN: case THROW: case BREAK: case CONTINUE: case YIELD:
        return false;
      case BLOCK: {
        List<? extends StatementTree> list = ((BlockTree) s).getStatements();
        return list.isEmpty() || canCompleteNormally(new TreePath(path, list.get(list.size() - 1)));
      }
      case IF: {
        IfTree i = (IfTree) s;
        return i.getElseStatement() == null
            || canCompleteNormally(new TreePath(path, i.getThenStatement()))
            || canCompleteNormally(new TreePath(path, i.getElseStatement()));
      }
      case WHILE_LOOP:
        return !isConstantTrue(path, ((WhileLoopTree) s).getCondition()) || hasBreak(path);
      case DO_WHILE_LOOP: {
        DoWhileLoopTree d = (DoWhileLoopTree) s;
        boolean bodyEnds = canCompleteNormally(new TreePath(path, d.getStatement()))
            || hasContinue(path);
        return (bodyEnds && !isConstantTrue(path, d.getCondition())) || hasBreak(path);
      }
      case FOR_LOOP: {
        ExpressionTree c = ((ForLoopTree) s).getCondition();
        return (c != null && !isConstantTrue(path, c)) || hasBreak(path);
      }
      case LABELED_STATEMENT:
        return canCompleteNormally(new TreePath(path, ((LabeledStatementTree) s).getStatement()))
            || hasBreak(path);
      case SYNCHRONIZED:
        return canCompleteNormally(new TreePath(path, ((SynchronizedTree) s).getBlock()));
      case TRY: {
        TryTree t = (TryTree) s;
        if (t.getFinallyBlock() != null
            && !canCompleteNormally(new TreePath(path, t.getFinallyBlock()))) {
          return false;
        }
        if (canCompleteNormally(new TreePath(path, t.getBlock()))) {
          return true;
        }
        for (var c : t.getCatches()) {
          if (canCompleteNormally(new TreePath(new TreePath(path, c), c.getBlock()))) {
            return true;
          }
        }
        return false;
      }
      case SWITCH:
        return switchCanComplete(path);
      default:
        return true;
    }
  }

  private boolean switchCanComplete(TreePath path) {
    SwitchTree sw = (SwitchTree) path.getLeaf();
    if (hasBreak(path) || sw.getCases().isEmpty()) {
      return true;
    }
    boolean hasDefault = false;
    for (CaseTree c : sw.getCases()) {
      if (c.getExpressions().isEmpty() && !c.toString().startsWith("case null")) {
        hasDefault = true;
      }
      if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
        Tree body = c.getBody();
        TreePath casePath = new TreePath(path, c);
        if (body instanceof ExpressionTree
            || (body instanceof StatementTree && canCompleteNormally(new TreePath(casePath, body)))) {
          return true;
        }
      }
    }
    if (!hasDefault) {
      return true;
    }
    CaseTree last = sw.getCases().get(sw.getCases().size() - 1);
    if (last.getCaseKind() == CaseTree.CaseKind.RULE) {
      return false;
    }
    List<? extends StatementTree> stmts = last.getStatements();
    return stmts.isEmpty()
        || canCompleteNormally(new TreePath(new TreePath(path, last), stmts.get(stmts.size() - 1)));
  }

  private boolean isConstantTrue(TreePath parent, ExpressionTree e) {
    while (e instanceof ParenthesizedTree) {
      e = ((ParenthesizedTree) e).getExpression();
    }
    if (e instanceof LiteralTree) {
      return Boolean.TRUE.equals(((LiteralTree) e).getValue());
    }
    if (e instanceof IdentifierTree) {
      Element el = trees.getElement(new TreePath(parent, e));
      return el instanceof VariableElement
          && Boolean.TRUE.equals(((VariableElement) el).getConstantValue());
    }
    return false;
  }

  private boolean hasBreak(TreePath target) {
    return hasJump(target, true);
  }

  private boolean hasContinue(TreePath target) {
    return hasJump(target, false);
  }

  /**
   * Whether a break (continue) in {@code targetPath} gets to it: not if a {@code finally} block
   * on the way cannot complete normally (JLS 14.15: it takes the jump over).
   */
  private boolean hasJump(TreePath targetPath, boolean isBreak) {
    Tree target = targetPath.getLeaf();
    boolean[] found = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitBreak(BreakTree b, Void v) {
        if (isBreak && breakTarget(getCurrentPath()) == target && getsThere(getCurrentPath())) {
          found[0] = true;
        }
        return null;
      }

      @Override
      public Void visitContinue(ContinueTree c, Void v) {
        if (!isBreak && continueTarget(getCurrentPath()) == unlabel(target)
            && getsThere(getCurrentPath())) {
          found[0] = true;
        }
        return null;
      }

      private boolean getsThere(TreePath jump) {
        Tree from = jump.getLeaf();
        for (TreePath p = jump.getParentPath(); p != null && p.getLeaf() != target;
            p = p.getParentPath()) {
          if (p.getLeaf() instanceof com.sun.source.tree.TryTree) {
            com.sun.source.tree.TryTree t = (com.sun.source.tree.TryTree) p.getLeaf();
            if (t.getFinallyBlock() != null && from != t.getFinallyBlock()
                && !canCompleteNormally(new TreePath(p, t.getFinallyBlock()))) {
              return false;
            }
          }
          from = p.getLeaf();
        }
        return true;
      }
    }.scan(targetPath, null);
    return found[0];
  }

  private static Tree unlabel(Tree t) {
    while (t instanceof LabeledStatementTree) {
      t = ((LabeledStatementTree) t).getStatement();
    }
    return t;
  }
}
