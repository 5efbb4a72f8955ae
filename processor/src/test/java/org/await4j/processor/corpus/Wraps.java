package org.await4j.processor.corpus;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Chooses, in one method body, the sub-expressions to wrap in {@code await(Task.<T>completed(e))}
 * and records the edits. Only where the wrap is valid Java of the same type and meaning: an
 * expression with a denotable, non-void type; not a constant (constants drive case labels,
 * narrowing of literals and reachability); not an assignment target, a bare statement, a method
 * name, a type name, a resource reference; not inside lambdas, classes, case labels, annotations,
 * {@code synchronized} blocks; not around an {@code instanceof} pattern whose binding is used
 * later.
 */
final class Wraps extends TreePathScanner<Void, Void> {
  private final Trees trees;
  private final CompilationUnitTree unit;
  private final SourcePositions pos;
  private final Rewriter.Edits edits;
  private final TypeText types;
  private final Random random;
  private final double chance;
  private final Set<Tree> noWrap = new HashSet<>();
  int count;

  Wraps(Trees trees, CompilationUnitTree unit, Rewriter.Edits edits, TypeText types,
      Random random, double chance) {
    this.trees = trees;
    this.unit = unit;
    this.pos = trees.getSourcePositions();
    this.edits = edits;
    this.types = types;
    this.random = random;
    this.chance = chance;
  }

  @Override
  public Void scan(Tree tree, Void unused) {
    if (tree instanceof ExpressionTree && !noWrap.contains(tree)) {
      consider((ExpressionTree) tree, new TreePath(getCurrentPath(), tree));
    }
    return super.scan(tree, unused);
  }

  private void consider(ExpressionTree e, TreePath path) {
    if (!wrappableKind(e, path) || isConstant(e, path) || hasPattern(e)) {
      return;
    }
    TypeMirror t = trees.getTypeMirror(path);
    if (t == null || rawBranch(e, path)) {
      return;
    }
    String text = types.of(t);
    if (text == null) {
      return;
    }
    if (random.nextDouble() >= chance) {
      return;
    }
    long start = pos.getStartPosition(unit, e);
    long end = pos.getEndPosition(unit, e);
    if (start < 0 || end <= start) {
      return;
    }
    String boxed = TypeText.boxed(t.getKind());
    String prefix = boxed == null
        ? "await(org.await4j.Task.<" + text + ">completed("
        : "((" + text + ") await(org.await4j.Task.<" + boxed + ">completed(";
    String suffix = boxed == null ? "))" : ")))";
    int span = (int) (end - start);
    edits.insert(start, prefix, span, true);
    edits.insert(end, suffix, span, false);
    count++;
  }

  private boolean wrappableKind(ExpressionTree e, TreePath path) {
    switch (e.getKind()) {
      case IDENTIFIER: case MEMBER_SELECT: {
        Element el = trees.getElement(path);
        String name = e instanceof IdentifierTree ? ((IdentifierTree) e).getName().toString()
            : ((MemberSelectTree) e).getIdentifier().toString();
        if (el == null || name.equals("this") || name.equals("super") || name.equals("class")) {
          return false;
        }
        ElementKind k = el.getKind();
        return k == ElementKind.FIELD || k == ElementKind.LOCAL_VARIABLE
            || k == ElementKind.PARAMETER || k == ElementKind.EXCEPTION_PARAMETER
            || k == ElementKind.RESOURCE_VARIABLE || k == ElementKind.ENUM_CONSTANT;
      }
      case NEW_ARRAY:
        return ((NewArrayTree) e).getType() != null;
      case NEW_CLASS:
        return ((NewClassTree) e).getClassBody() == null;
      case METHOD_INVOCATION: case ARRAY_ACCESS: case CONDITIONAL_EXPRESSION: case TYPE_CAST:
      case INSTANCE_OF: case ASSIGNMENT:
        return true;
      case LAMBDA_EXPRESSION: case MEMBER_REFERENCE: case PARENTHESIZED: case NULL_LITERAL:
        return false;
      default:
        return e instanceof BinaryTree || e instanceof UnaryTree
            || e instanceof CompoundAssignmentTree;
    }
  }

  /**
   * A conditional with a raw branch ({@code c ? RAW_COMPARATOR : (Comparator<E>) x}): its type is
   * {@code Comparator<E>} only by unchecked conversion in its assignment context; as the argument
   * of {@code completed} it is not (found in commons-collections4's IteratorUtils).
   */
  private boolean rawBranch(ExpressionTree e, TreePath path) {
    if (!(e instanceof ConditionalExpressionTree)) {
      return false;
    }
    ConditionalExpressionTree c = (ConditionalExpressionTree) e;
    for (ExpressionTree branch : List.of(c.getTrueExpression(), c.getFalseExpression())) {
      TypeMirror b = trees.getTypeMirror(new TreePath(path, branch));
      if (b instanceof javax.lang.model.type.DeclaredType
          && ((javax.lang.model.type.DeclaredType) b).getTypeArguments().isEmpty()
          && !((javax.lang.model.element.TypeElement) ((javax.lang.model.type.DeclaredType) b)
              .asElement()).getTypeParameters().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** A compile-time constant expression (JLS 15.29), by the elements javac resolved. */
  private boolean isConstant(ExpressionTree e, TreePath path) {
    switch (e.getKind()) {
      case NULL_LITERAL:
        return false;
      case IDENTIFIER: case MEMBER_SELECT: {
        Element el = trees.getElement(path);
        return el instanceof VariableElement && ((VariableElement) el).getConstantValue() != null;
      }
      case PARENTHESIZED: {
        ExpressionTree inner = ((ParenthesizedTree) e).getExpression();
        return isConstant(inner, new TreePath(path, inner));
      }
      case CONDITIONAL_EXPRESSION: {
        ConditionalExpressionTree c = (ConditionalExpressionTree) e;
        return isConstant(c.getCondition(), new TreePath(path, c.getCondition()))
            && isConstant(c.getTrueExpression(), new TreePath(path, c.getTrueExpression()))
            && isConstant(c.getFalseExpression(), new TreePath(path, c.getFalseExpression()));
      }
      case TYPE_CAST: {
        ExpressionTree inner = ((TypeCastTree) e).getExpression();
        return isConstant(inner, new TreePath(path, inner));
      }
      case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT:
      case POSTFIX_DECREMENT:
        return false;
      default:
        if (e instanceof com.sun.source.tree.LiteralTree) {
          return true;
        }
        if (e instanceof UnaryTree) {
          ExpressionTree inner = ((UnaryTree) e).getExpression();
          return isConstant(inner, new TreePath(path, inner));
        }
        if (e instanceof BinaryTree) {
          BinaryTree b = (BinaryTree) e;
          return isConstant(b.getLeftOperand(), new TreePath(path, b.getLeftOperand()))
              && isConstant(b.getRightOperand(), new TreePath(path, b.getRightOperand()));
        }
        return false;
    }
  }

  /** An {@code instanceof} with a pattern: its binding may be used by flow scoping outside. */
  private static boolean hasPattern(Tree e) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitInstanceOf(InstanceOfTree node, Void unused) {
        if (node.getPattern() != null) {
          found[0] = true;
        }
        return super.visitInstanceOf(node, unused);
      }
    }.scan(e, null);
    return found[0];
  }

  // Places where nothing inside may be wrapped.

  @Override
  public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
    return null;
  }

  @Override
  public Void visitClass(ClassTree node, Void unused) {
    return null;
  }

  @Override
  public Void visitNewClass(NewClassTree node, Void unused) {
    if (node.getEnclosingExpression() != null) {
      scan(node.getEnclosingExpression(), unused);
    }
    scan(node.getArguments(), unused);
    return null; // not the class body, not the type
  }

  @Override
  public Void visitMemberReference(MemberReferenceTree node, Void unused) {
    return null;
  }

  @Override
  public Void visitAnnotation(AnnotationTree node, Void unused) {
    return null;
  }

  @Override
  public Void visitSynchronized(SynchronizedTree node, Void unused) {
    return null;
  }

  @Override
  public Void visitCase(CaseTree node, Void unused) {
    if (node.getStatements() != null) {
      scan(node.getStatements(), unused);
    } else {
      scan(node.getBody(), unused);
    }
    return null; // not the labels
  }

  // Places where the root may not be wrapped, but what is inside may.

  @Override
  public Void visitExpressionStatement(ExpressionStatementTree node, Void unused) {
    noWrap.add(node.getExpression());
    return super.visitExpressionStatement(node, unused);
  }

  @Override
  public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
    noWrap.add(node.getMethodSelect());
    return super.visitMethodInvocation(node, unused);
  }

  @Override
  public Void visitAssignment(AssignmentTree node, Void unused) {
    target(node.getVariable());
    return super.visitAssignment(node, unused);
  }

  @Override
  public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
    target(node.getVariable());
    return super.visitCompoundAssignment(node, unused);
  }

  @Override
  public Void visitUnary(UnaryTree node, Void unused) {
    switch (node.getKind()) {
      case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT: case POSTFIX_DECREMENT:
        target(node.getExpression());
        break;
      default:
        break;
    }
    return super.visitUnary(node, unused);
  }

  @Override
  public Void visitTry(TryTree node, Void unused) {
    for (Tree r : node.getResources()) {
      noWrap.add(r); // try (r) names a variable; a declared resource is no expression anyway
    }
    return super.visitTry(node, unused);
  }

  /** An assignment target: itself never wrapped; an array's array and index may be. */
  private void target(ExpressionTree variable) {
    noWrap.add(variable);
    ExpressionTree v = variable;
    while (v instanceof ParenthesizedTree) {
      v = ((ParenthesizedTree) v).getExpression();
      noWrap.add(v);
    }
    if (v instanceof MemberSelectTree) {
      noWrap.add(((MemberSelectTree) v).getExpression()); // this.f, Outer.this.f: keep simple
    }
    if (v instanceof ArrayAccessTree) {
      noWrap.remove(((ArrayAccessTree) v).getExpression());
    }
  }
}
