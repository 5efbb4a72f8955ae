package org.await4j.processor.lower;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import org.await4j.processor.Problem;
import org.await4j.processor.find.Unnameable;

/**
 * The edits' view of the instance an @Async method runs on: which {@code this} and {@code super}
 * of the body mean it (not a class's of the body), and {@code Outer.super} calls, which reach
 * the enclosing instance's superclass through an accessor.
 */
abstract class SelfReferences extends PrivateTypeEdits {
  SelfReferences(Slicer slicer, TreePath root, Map<Tree, CodeBlock> overrides,
      List<Slicer.Range> ranges, boolean moved) {
    super(slicer, root, overrides, ranges, moved);
  }

  /** {@code this} or {@code Source.this} meaning the instance the @Async method runs on. */
  boolean isThisOfSelf(TreePath path) {
    Tree t = path.getLeaf();
    if (t instanceof IdentifierTree) {
      return ((IdentifierTree) t).getName().contentEquals("this") && nestedClasses.isEmpty()
          && !ctx.isStatic;
    }
    if (t instanceof MemberSelectTree
        && ((MemberSelectTree) t).getIdentifier().contentEquals("this")) {
      Element outer = ctx.trees.getElement(new TreePath(path, ((MemberSelectTree) t).getExpression()));
      return outer != null && outer.equals(ctx.type) && !ctx.isStatic;
    }
    return false;
  }

  /**
   * {@code super.m} or {@code Iface.super.m} in the @Async method's own code (not in a class
   * of the body, whose super is its own).
   */
  boolean isSuperOfSelf(Tree select) {
    if (!(select instanceof MemberSelectTree)) {
      return false;
    }
    return isSuper(new TreePath(getCurrentPath(), ((MemberSelectTree) select).getExpression()));
  }

  /**
   * {@code Outer} of {@code Outer.super} (the {@code path}) in the @Async method's own code,
   * where Outer is a class (self's or one around it); else null.
   */
  TypeElement outerOfSuper(TreePath path) {
    return nestedClasses.isEmpty() && !ctx.isStatic ? classOfSuper(path, ctx.trees) : null;
  }

  /** {@code X} of {@code X.super} (the {@code path}) where X is a class, not an interface; else null. */
  static TypeElement classOfSuper(TreePath path, com.sun.source.util.Trees trees) {
    Tree x = path.getLeaf();
    if (!(x instanceof MemberSelectTree) || !((MemberSelectTree) x).getIdentifier().contentEquals("super")) {
      return null;
    }
    Element qualifier = trees.getElement(new TreePath(path, ((MemberSelectTree) x).getExpression()));
    return qualifier instanceof TypeElement
        && ((TypeElement) qualifier).getKind() != ElementKind.INTERFACE ? (TypeElement) qualifier : null;
  }

  /**
   * {@code Outer.super.m(arguments)}: Outer's superclass's method on the enclosing instance,
   * through an accessor whose handle has Outer as its caller.
   */
  CodeBlock outerSuperCall(Tree at, TypeElement outer, Element method, List<CodeBlock> arguments) {
    CodeBlock receiver = slicer.instanceOf(outer);
    if (receiver == null || !Unnameable.nameable(outer)
        || !PrivateAccessors.classVariables(outer).isEmpty()
        || !PrivateAccessors.classVariables((TypeElement) method.getEnclosingElement()).isEmpty()) {
      throw host.fail(Problem.SUPER_CALL, at);
    }
    List<CodeBlock> all = new ArrayList<>();
    all.add(receiver);
    all.addAll(arguments);
    return CodeBlock.of("$L($L)", slicer.accessors.accessor(method, PrivateAccessors.Use.SUPER,
        outer), CodeBlock.join(all, ", "));
  }

  /** Whether {@code path} is a plain {@code super} of self (not a class's of the body). */
  boolean isSuperIdentifier(TreePath path) {
    return path.getLeaf() instanceof IdentifierTree
        && ((IdentifierTree) path.getLeaf()).getName().contentEquals("super")
        && nestedClasses.isEmpty() && !ctx.isStatic;
  }

  /** Whether {@code path} is {@code super} or {@code Iface.super} of self. */
  boolean isSuper(TreePath path) {
    if (!nestedClasses.isEmpty() || ctx.isStatic) {
      return false;
    }
    Tree x = path.getLeaf();
    if (x instanceof IdentifierTree) {
      return ((IdentifierTree) x).getName().contentEquals("super");
    }
    if (x instanceof MemberSelectTree && ((MemberSelectTree) x).getIdentifier().contentEquals("super")) {
      Element qualifier = ctx.trees.getElement(new TreePath(path,
          ((MemberSelectTree) x).getExpression()));
      return qualifier instanceof TypeElement
          && ((TypeElement) qualifier).getKind() == ElementKind.INTERFACE;
    }
    return false;
  }
}
