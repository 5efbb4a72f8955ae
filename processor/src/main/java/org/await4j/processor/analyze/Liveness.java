package org.await4j.processor.analyze;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
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

  /** The liveness of the locals of the method at {@code methodPath}. */
  public Liveness(Trees trees, TreePath methodPath) {
    this.unit = methodPath.getCompilationUnit();
    this.positions = trees.getSourcePositions();
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
          reads.computeIfAbsent(e, k -> new ArrayList<>())
              .add(positions.getStartPosition(unit, node));
        }
        return null;
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree node, Integer nested) {
        return super.visitLambdaExpression(node, nested + 1);
      }

      @Override
      public Void visitClass(ClassTree node, Integer nested) {
        return super.visitClass(node, nested + 1);
      }
    }.scan(new TreePath(methodPath, ((MethodTree) methodPath.getLeaf()).getBody()), 0);
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
    for (TreePath p = point; p != null; p = p.getParentPath()) {
      switch (p.getLeaf().getKind()) {
        case WHILE_LOOP: case DO_WHILE_LOOP: case FOR_LOOP: case ENHANCED_FOR_LOOP: {
          long start = positions.getStartPosition(unit, p.getLeaf());
          long end = positions.getEndPosition(unit, p.getLeaf());
          for (long r : at) {
            if (r >= start && r < end) {
              return false;
            }
          }
          break;
        }
        case METHOD:
          return true;
        default:
          break;
      }
    }
    return true;
  }
}
