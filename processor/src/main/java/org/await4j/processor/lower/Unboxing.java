package org.await4j.processor.lower;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Where javac unboxes an operand. An operand saved before a suspension must be saved unboxed
 * when its context unboxes it: javac unboxes as soon as the operand is evaluated, so a null
 * throws there, before the operands to its right run (and before the suspension).
 */
public final class Unboxing {
  private Unboxing() {}

  /** The type an operand is saved as: its own, or its primitive where the context unboxes it. */
  static TypeMirror savedType(TreePath operand, Trees trees, Types types) {
    TypeMirror type = trees.getTypeMirror(operand);
    TypeMirror primitive = unboxedOrNull(type, types);
    return primitive != null && unboxedByContext(operand, trees, types) ? primitive : type;
  }

  /** The primitive type of a boxed type, or null. */
  static TypeMirror unboxedOrNull(TypeMirror type, Types types) {
    if (type == null || type.getKind() != TypeKind.DECLARED) {
      return null;
    }
    try {
      return types.unboxedType(type);
    } catch (IllegalArgumentException notBoxed) {
      return null;
    }
  }

  private static boolean unboxedByContext(TreePath operand, Trees trees, Types types) {
    TreePath parentPath = operand.getParentPath();
    Tree parent = parentPath.getLeaf();
    Tree leaf = operand.getLeaf();
    switch (parent.getKind()) {
      case ARRAY_ACCESS:
        return ((ArrayAccessTree) parent).getIndex() == leaf;
      case NEW_ARRAY: {
        NewArrayTree n = (NewArrayTree) parent;
        if (n.getDimensions().contains(leaf)) {
          return true;
        }
        TypeMirror array = trees.getTypeMirror(parentPath);
        return array instanceof ArrayType && ((ArrayType) array).getComponentType().getKind().isPrimitive();
      }
      case METHOD_INVOCATION:
        return primitiveParameter(trees.getElement(parentPath),
            ((MethodInvocationTree) parent).getArguments(), leaf);
      case NEW_CLASS:
        return primitiveParameter(trees.getElement(parentPath),
            ((NewClassTree) parent).getArguments(), leaf);
      default:
        if (parent instanceof BinaryTree) {
          return unboxedByOperator((BinaryTree) parent, leaf, parentPath, trees);
        }
        return false;
    }
  }

  private static boolean primitiveParameter(Element callee, List<? extends Tree> args, Tree arg) {
    if (!(callee instanceof ExecutableElement)) {
      return false;
    }
    ExecutableElement m = (ExecutableElement) callee;
    int index = args.indexOf(arg);
    int params = m.getParameters().size();
    if (index < 0 || params == 0) {
      return false;
    }
    TypeMirror type;
    if (index < params - 1 || !m.isVarArgs()) {
      type = index < params ? m.getParameters().get(index).asType() : null;
    } else {
      // a boxed value among the variable arguments: it is one of them (an array would not be boxed)
      type = ((ArrayType) m.getParameters().get(params - 1).asType()).getComponentType();
    }
    return type != null && type.getKind().isPrimitive();
  }

  private static boolean unboxedByOperator(BinaryTree b, Tree leaf, TreePath parentPath, Trees trees) {
    Tree other = b.getLeftOperand() == leaf ? b.getRightOperand() : b.getLeftOperand();
    TypeMirror otherType = trees.getTypeMirror(new TreePath(parentPath, other));
    switch (b.getKind()) {
      case PLUS: {
        TypeMirror result = trees.getTypeMirror(parentPath);
        return result != null && result.getKind().isPrimitive(); // not a string concatenation
      }
      case EQUAL_TO: case NOT_EQUAL_TO:
        return otherType != null && otherType.getKind().isPrimitive(); // else compares references
      default:
        return true; // arithmetic, comparison, bitwise, shift and boolean operators unbox
    }
  }
}
