package org.await4j.processor.analyze;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;

/**
 * Which locals are dead at a suspension point, so that their fields can be cleared before the
 * machine waits: a suspended task must not keep alive what the blocking run would have dropped.
 * A local is dead after a point when no read of it comes later in the source and no loop around
 * the point reads it (a loop may run the earlier reads again). Locals that a lambda or a local
 * class reads are never cleared: those may read them at any time.
 */
public final class Liveness {
  private final CompilationUnitTree unit;
  private final SourcePositions positions;
  private final Map<Element, List<Long>> reads = new HashMap<>();
  private final Set<Element> captured = new HashSet<>();
  /** Where each local of the body is declared: the start of its declaration. */
  private final Map<Element, Long> declared = new HashMap<>();
  /** Where each local's declaration ends (after its initializer). */
  private final Map<Element, Long> declarationEnds = new HashMap<>();
  /**
   * Where a name that no assignment changes stands, and where its whole expression ends: an
   * await after it in that expression may come before its read.
   */
  private final Map<Element, List<long[]>> deferredReads = new HashMap<>();
  /** The method's parameters. */
  private final Set<Element> parameters = new HashSet<>();
  /** The locals of the body that something assigns after their declaration. */
  private final Set<Element> assigned;

  /** The liveness of the locals of the method at {@code methodPath}. */
  public Liveness(Trees trees, TreePath methodPath) {
    this.unit = methodPath.getCompilationUnit();
    this.positions = trees.getSourcePositions();
    TreePath body = new TreePath(methodPath, ((MethodTree) methodPath.getLeaf()).getBody());
    this.assigned = Assignments.assignedIn(trees, body);
    for (VariableTree p : ((MethodTree) methodPath.getLeaf()).getParameters()) {
      Element e = trees.getElement(new TreePath(methodPath, p));
      if (e != null) {
        parameters.add(e);
      }
    }
    new TreePathScanner<Void, Integer>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Integer nested) {
        Element e = trees.getElement(getCurrentPath());
        if (e == null) {
          return null;
        }
        if (nested > 0) {
          captured.add(e);
        }
        Tree parent = getCurrentPath().getParentPath().getLeaf();
        boolean writeOnly = parent instanceof AssignmentTree
            && ((AssignmentTree) parent).getVariable() == node;
        if (!writeOnly) {
          long start = positions.getStartPosition(unit, node);
          reads.computeIfAbsent(e, k -> new ArrayList<>()).add(start);
          if (!assigned.contains(e)) {
            // an operand left of an await is read after it when its value cannot change (see
            // stable): read again by the end of the whole expression
            deferredReads.computeIfAbsent(e, k -> new ArrayList<>()).add(new long[] {start,
                positions.getEndPosition(unit, outermostExpression(getCurrentPath()))});
          }
        }
        return null;
      }

      @Override
      public Void visitVariable(VariableTree node, Integer nested) {
        Element e = trees.getElement(getCurrentPath());
        if (e != null) {
          declared.put(e, positions.getStartPosition(unit, node));
          declarationEnds.put(e, positions.getEndPosition(unit, node));
        }
        return super.visitVariable(node, nested);
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree node, Integer nested) {
        return super.visitLambdaExpression(node, nested + 1);
      }

      @Override
      public Void visitClass(ClassTree node, Integer nested) {
        return super.visitClass(node, nested + 1);
      }
    }.scan(body, 0);
  }

  /**
   * The whole expression around a name: an await anywhere in it may come between the name's
   * place and its read (a receiver or left operand that needs no copy is read after the await).
   */
  private static Tree outermostExpression(TreePath path) {
    TreePath p = path;
    while (p.getParentPath() != null
        && p.getParentPath().getLeaf() instanceof com.sun.source.tree.ExpressionTree
        && !(p.getParentPath().getLeaf() instanceof LambdaExpressionTree)) {
      p = p.getParentPath();
    }
    return p.getLeaf();
  }

  /**
   * Whether {@code local} is a parameter or local of this body that nothing assigns after its
   * declaration (effectively final, or a for-each variable or catch parameter left alone): an await cannot
   * change its value, so an operand that reads it needs no copy taken before the await.
   */
  public boolean stable(Element local) {
    return (declared.containsKey(local) || parameters.contains(local)) && !assigned.contains(local);
  }

  /**
   * Whether a value of {@code local} must outlive a suspension point: some point after its
   * declaration (not inside its own initializer, where it has no value yet) after which its
   * value may still be read. A local that no suspension separates from its reads can stay a
   * plain local of the body's method; the machine needs no field for it.
   */
  public boolean liveAcross(Element local, List<TreePath> points) {
    Long start = declared.get(local);
    Long end = declarationEnds.get(local);
    if (start == null || end == null || captured.contains(local)) {
      return true;
    }
    for (TreePath point : points) {
      long at = positions.getStartPosition(unit, point.getLeaf());
      if (at <= start) {
        continue; // before its declaration: it is declared again before any read
      }
      // inside its own initializer it holds a value only from an earlier round of a loop
      boolean live = at < end ? readAfterIn(local, point) : !deadAfter(local, point);
      if (live) {
        return true;
      }
    }
    return false;
  }

  /** Whether a loop around {@code point} but outside the declaration of {@code local} reads it. */
  private boolean readAfterIn(Element local, TreePath point) {
    for (TreePath p = point; p != null; p = p.getParentPath()) {
      if (isLoop(p.getLeaf()) && !declaredInBody(local, p.getLeaf())
          && readWithin(local, p.getLeaf())) {
        return true;
      }
      if (p.getLeaf().getKind() == Tree.Kind.METHOD) {
        break;
      }
    }
    return false;
  }

  private static boolean isLoop(Tree t) {
    switch (t.getKind()) {
      case WHILE_LOOP: case DO_WHILE_LOOP: case FOR_LOOP: case ENHANCED_FOR_LOOP:
        return true;
      default:
        return false;
    }
  }

  /**
   * Whether {@code local} is declared anew on each round of {@code loop}: in its body, or as a
   * for-each variable (not in a for loop's initializer, which runs once).
   */
  private boolean declaredInBody(Element local, Tree loop) {
    Long at = declared.get(local);
    if (at == null) {
      return false;
    }
    Tree body;
    switch (loop.getKind()) {
      case WHILE_LOOP: body = ((com.sun.source.tree.WhileLoopTree) loop).getStatement(); break;
      case DO_WHILE_LOOP: body = ((com.sun.source.tree.DoWhileLoopTree) loop).getStatement(); break;
      case FOR_LOOP: body = ((com.sun.source.tree.ForLoopTree) loop).getStatement(); break;
      default: // a for-each: its variable too is new on each round
        com.sun.source.tree.EnhancedForLoopTree each = (com.sun.source.tree.EnhancedForLoopTree) loop;
        if (at == positions.getStartPosition(unit, each.getVariable())) {
          return true;
        }
        body = each.getStatement();
    }
    return at >= positions.getStartPosition(unit, body) && at < positions.getEndPosition(unit, body);
  }

  private boolean readWithin(Element local, Tree tree) {
    long start = positions.getStartPosition(unit, tree);
    long end = positions.getEndPosition(unit, tree);
    for (long r : reads.getOrDefault(local, List.of())) {
      if (r >= start && r < end) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code local}'s value can no longer be read once execution is past {@code point}. */
  public boolean deadAfter(Element local, TreePath point) {
    if (captured.contains(local)) {
      return false;
    }
    long after = positions.getEndPosition(unit, point.getLeaf());
    List<Long> at = reads.getOrDefault(local, List.of());
    for (long r : at) {
      if (r >= after) {
        return false;
      }
    }
    long pointStart = positions.getStartPosition(unit, point.getLeaf());
    for (long[] d : deferredReads.getOrDefault(local, List.of())) {
      if (d[0] < pointStart && d[1] >= after) {
        return false; // a name left of the await, in the same expression
      }
    }
    return !readAfterIn(local, point);
  }
}
