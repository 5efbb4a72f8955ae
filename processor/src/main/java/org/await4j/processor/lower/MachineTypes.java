package org.await4j.processor.lower;

import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import org.await4j.processor.find.Unnameable;

/**
 * What the machine's code for an expression of the body is typed as, where a private class
 * makes it differ from the source: a value of one held as its visible type, a member read
 * through a raw receiver as its erasure, a parameter of a lambda whose interface is raw as an
 * Object (see PrivateValues, which casts where that is not what the source converts to).
 */
final class MachineTypes {
  private final MethodContext ctx;

  MachineTypes(MethodContext ctx) {
    this.ctx = ctx;
  }

  private TypeMirror visibleType(TypeMirror t) {
    return Unnameable.visibleType(t, ctx.types, ctx.elements);
  }

  /**
   * The type of the machine's code for the expression at {@code path} (of source type
   * {@code type}), where it is known: a local as the machine declares it, a cast or a creation
   * as written, a member read through an accessor (the visible type of its declared one) or
   * through a raw receiver (its erasure). Else null.
   */
  TypeMirror of(TreePath path, TypeMirror type) {
    Tree leaf = path.getLeaf();
    switch (leaf.getKind()) {
      case TYPE_CAST: case NEW_CLASS: case NEW_ARRAY:
        return visibleType(type); // (Worker) o, new Worker(), new Worker[n]: written so
      case PARENTHESIZED: {
        TreePath inner = new TreePath(path, ((com.sun.source.tree.ParenthesizedTree) leaf).getExpression());
        return of(inner, ctx.trees.getTypeMirror(inner));
      }
      case IDENTIFIER: case MEMBER_SELECT: case METHOD_INVOCATION:
        break;
      default:
        return null;
    }
    if (isThis(leaf)) {
      // self: an Object in the machine of a private class
      return Unnameable.nameable(ctx.type) ? type : ctx.elements.getTypeElement("java.lang.Object").asType();
    }
    Element e = ctx.trees.getElement(path);
    if (e == null) {
      return null;
    }
    switch (e.getKind()) {
      case PARAMETER: {
        TypeMirror raw = rawLambdaParameter(path, e);
        return raw != null ? raw : visibleType(type);
      }
      case LOCAL_VARIABLE: case RESOURCE_VARIABLE: case EXCEPTION_PARAMETER:
        return visibleType(type);
      case FIELD: case METHOD:
        break;
      default:
        return null;
    }
    TypeMirror declared = e instanceof ExecutableElement ? ((ExecutableElement) e).getReturnType()
        : e.asType();
    if (ctx.privateAccessors.reaches(e)) {
      // an accessor gives the visible type of the declared one (raw if it names a private
      // class); one over the class's type variables has them inferred from a typed receiver,
      // or given (SelfTypeArguments), or else inferred where it is called: unknown here
      if (Unnameable.mentioned(declared) || !hasTypeVariables(declared)) {
        return visibleType(declared); // (List<String> as it is: the accessor returns it so)
      }
      TypeMirror receiver = receiverType(path, e);
      boolean typed = receiver == null || !Unnameable.mentioned(receiver)
          || SelfTypeArguments.of(ctx, e, PrivateAccessors.Use.CALL, receiver) != null;
      return typed && !(e instanceof ExecutableElement
          && !((ExecutableElement) e).getTypeParameters().isEmpty()) ? visibleType(type) : null;
    }
    if (rawReceiver(path, e)) {
      return ctx.types.erasure(declared);
    }
    return Unnameable.mentioned(type) ? null : type;
  }

  /**
   * The source type of the receiver of the instance member {@code e} named at {@code path} (a
   * name, a select, or a call of either): self's class, or the enclosing one that has it, for
   * a name. Null for a static member.
   */
  TypeMirror receiverType(TreePath path, Element e) {
    if (e.getModifiers().contains(Modifier.STATIC)) {
      return null;
    }
    Tree leaf = path.getLeaf();
    Tree select = leaf instanceof MethodInvocationTree ? ((MethodInvocationTree) leaf).getMethodSelect() : leaf;
    if (select instanceof MemberSelectTree) {
      TreePath selectPath = leaf == select ? path : new TreePath(path, select);
      return ctx.trees.getTypeMirror(new TreePath(selectPath, ((MemberSelectTree) select).getExpression()));
    }
    if (Unnameable.nameable(ctx.type)) {
      return null; // self and the enclosing instances are all typed: nothing to say
    }
    for (Element t = ctx.type; t instanceof TypeElement; t = t.getEnclosingElement()) {
      if (ctx.elements.getAllMembers((TypeElement) t).contains(e)) {
        return t.asType();
      }
    }
    return null;
  }

  private static boolean hasTypeVariables(TypeMirror t) {
    return org.await4j.processor.find.Signatures.anyIn(t,
        x -> x.getKind() == javax.lang.model.type.TypeKind.TYPEVAR);
  }

  private static boolean isThis(Tree t) {
    return t instanceof IdentifierTree && ((IdentifierTree) t).getName().contentEquals("this")
        || t instanceof MemberSelectTree && ((MemberSelectTree) t).getIdentifier().contentEquals("this");
  }

  /**
   * The type a parameter {@code e} (named at {@code path}) of a lambda has in the machine when
   * the lambda's interface is raw there (a generic one over a private class): the erasure of the
   * function's parameter, which the machine casts back where the source uses the parameter.
   * Null for any other parameter.
   */
  TypeMirror rawLambdaParameter(TreePath path, Element e) {
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof MethodTree || p.getLeaf() instanceof com.sun.source.tree.ClassTree) {
        return null;
      }
      if (!(p.getLeaf() instanceof LambdaExpressionTree)) {
        continue;
      }
      LambdaExpressionTree lambda = (LambdaExpressionTree) p.getLeaf();
      for (int i = 0; i < lambda.getParameters().size(); i++) {
        if (e.equals(ctx.trees.getElement(new TreePath(p, lambda.getParameters().get(i))))) {
          TypeMirror function = ctx.trees.getTypeMirror(p);
          if (function == null || !Unnameable.mentioned(function)
              || Unnameable.mentioned(ctx.types.erasure(function))) {
            return null; // typed exactly, or a private interface's (its own shape: exact too)
          }
          ExecutableElement method = functionMethod(function);
          return method == null || method.getParameters().size() <= i ? null
              : ctx.types.erasure(method.getParameters().get(i).asType());
        }
      }
    }
    return null;
  }

  /** The abstract method of the functional interface {@code t}, or null. */
  ExecutableElement functionMethod(TypeMirror t) {
    if (!(t instanceof DeclaredType)) {
      return null;
    }
    for (Element m : ctx.elements.getAllMembers((TypeElement) ((DeclaredType) t).asElement())) {
      if (m.getKind() == ElementKind.METHOD && m.getModifiers().contains(Modifier.ABSTRACT)
          && !overridesObject((ExecutableElement) m)) {
        return (ExecutableElement) m;
      }
    }
    return null;
  }

  /**
   * Whether the member {@code e} named at {@code path} is read through a receiver that is raw
   * in the machine: one whose type mentions a private class, or self of a private class.
   */
  boolean rawReceiver(TreePath path, Element e) {
    if (e.getModifiers().contains(Modifier.STATIC) || !(e.getEnclosingElement() instanceof TypeElement)) {
      return false;
    }
    Tree leaf = path.getLeaf();
    Tree select = leaf instanceof MethodInvocationTree ? ((MethodInvocationTree) leaf).getMethodSelect() : leaf;
    if (!(select instanceof MemberSelectTree)) {
      // the implicit receiver: self, an Object in the machine of a private class
      return select instanceof IdentifierTree
          && !Unnameable.nameable((TypeElement) e.getEnclosingElement());
    }
    TreePath selectPath = leaf == select ? path : new TreePath(path, select);
    TypeMirror receiverType = ctx.trees.getTypeMirror(
        new TreePath(selectPath, ((MemberSelectTree) select).getExpression()));
    return receiverType != null && Unnameable.mentioned(receiverType);
  }

  private boolean overridesObject(ExecutableElement m) {
    TypeElement object = ctx.elements.getTypeElement("java.lang.Object");
    for (Element o : object.getEnclosedElements()) {
      if (o.getKind() == ElementKind.METHOD
          && ctx.elements.overrides(m, (ExecutableElement) o, (TypeElement) m.getEnclosingElement())) {
        return true;
      }
    }
    return false;
  }
}
