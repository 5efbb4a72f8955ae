package org.await4j.processor.lower;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import org.await4j.processor.Problem;
import org.await4j.processor.RuntimeNames;
import org.await4j.processor.find.Unnameable;

/**
 * The edits of method references that the machine cannot print as written: to private members
 * ({@code this::parse}, {@code next()::parse}, a varargs method at the function's arity) and
 * through {@code super}, each as a lambda over an accessor.
 */
abstract class ReferenceEdits extends AccessEdits {
  ReferenceEdits(Slicer slicer, TreePath root, Map<Tree, CodeBlock> overrides,
      List<Slicer.Range> ranges, boolean moved) {
    super(slicer, root, overrides, ranges, moved);
  }

  @Override
  public Void visitMemberReference(MemberReferenceTree node, Void v) {
    if (implementsPrivate(node)) {
      return null;
    }
    Element e = ctx.trees.getElement(getCurrentPath());
    TreePath qualifier = new TreePath(getCurrentPath(), node.getQualifierExpression());
    TypeElement outer = e instanceof ExecutableElement ? outerOfSuper(qualifier) : null;
    if (e instanceof ExecutableElement && (isSuper(qualifier) || outer != null)) {
      // super::m, Outer.super::m: the superclass's method on self (or on the enclosing
      // instance), never the override, as super.m(...) is
      ExecutableElement m = (ExecutableElement) e;
      int count = m.isVarArgs() ? functionArity(ctx.trees.getTypeMirror(getCurrentPath()))
          : m.getParameters().size();
      if (count < 0) {
        throw host.fail(Problem.SUPER_CALL, node);
      }
      List<CodeBlock> parameters = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        parameters.add(CodeBlock.of("$L", host.freshName("p")));
      }
      replace(node, CodeBlock.of("($L) -> $L", CodeBlock.join(parameters, ", "), outer != null
          ? outerSuperCall(node, outer, e, parameters)
          : accessorCall(e, PrivateAccessors.Use.SUPER, CodeBlock.of("self"), ctx.type.asType(),
              parameters)));
      return null;
    }
    Element named = ctx.trees.getElement(qualifier);
    if (!usesAccessor(e) && named instanceof TypeElement && !Unnameable.nameable((TypeElement) named)
        && e instanceof ExecutableElement && e.getKind() == ElementKind.METHOD
        && !e.getModifiers().contains(Modifier.STATIC)) {
      // State::name, a method a private class inherits from a class the machine can name: a
      // lambda that calls it on its first parameter (an Object where the function is raw)
      ExecutableElement m = (ExecutableElement) e;
      int count = m.isVarArgs() ? functionArity(ctx.trees.getTypeMirror(getCurrentPath()))
          : m.getParameters().size() + 1;
      List<CodeBlock> parameters = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        parameters.add(CodeBlock.of("$L", host.freshName("p")));
      }
      List<CodeBlock> arguments = new ArrayList<>();
      for (int i = 1; i < count; i++) {
        TypeMirror p = m.getParameters().get(Math.min(i - 1, m.getParameters().size() - 1)).asType();
        arguments.add(castTo(p, parameters.get(i)));
      }
      replace(node, CodeBlock.of("($L) -> $L.$L($L)", CodeBlock.join(parameters, ", "),
          castTo(m.getEnclosingElement().asType(), parameters.get(0)), m.getSimpleName(),
          CodeBlock.join(arguments, ", ")));
      return null;
    }
    if (!usesAccessor(e)) {
      return super.visitMemberReference(node, v);
    }
    // Source::parse, this::parse, Node::new: the same lambda over the accessor
    ExecutableElement m = (ExecutableElement) e;
    boolean unbound = ctx.trees.getElement(qualifier) instanceof TypeElement;
    CodeBlock receiver = null;
    TypeMirror receiverType = null;
    CodeBlock computed = null;
    TypeMirror function = ctx.trees.getTypeMirror(getCurrentPath());
    if (m.getModifiers().contains(Modifier.STATIC) || m.getKind() == ElementKind.CONSTRUCTOR) {
      unbound = false;
    } else if (!unbound) {
      if (isThisOfSelf(qualifier)) {
        receiver = CodeBlock.of("self");
        receiverType = ctx.type.asType();
      } else {
        // evaluated once, where the reference is made: bound to a lambda's parameter there
        TypeMirror type = ctx.trees.getTypeMirror(qualifier);
        if (!writable(type) || !writable(function)) {
          throw privateMember(node, e.getSimpleName(), "a method reference on a computed receiver"
              + " whose type or function type cannot be written down (write a lambda)");
        }
        computed = CodeBlock.of("$T.<$T, $T>bound($L, ", RuntimeNames.PRIVATE_ACCESS,
            ctx.typeNames.of(type), ctx.typeNames.of(function), within(qualifier));
        receiver = CodeBlock.of("$L", host.freshName("receiver"));
        receiverType = type;
      }
    }
    // a varargs method takes as many arguments as the function has parameters (or the array)
    int count = m.isVarArgs() ? functionArity(function)
        : m.getParameters().size() + (unbound ? 1 : 0);
    if (count < 0) {
      throw privateMember(node, e.getSimpleName(), "a method reference to a varargs method"
          + " through an intersection of interfaces (write a lambda)");
    }
    List<CodeBlock> parameters = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      parameters.add(CodeBlock.of("$L", host.freshName("p")));
    }
    List<CodeBlock> arguments = new ArrayList<>(parameters);
    if (unbound) {
      receiver = arguments.remove(0);
    }
    if (Unnameable.mentioned(function)) {
      // the function's interface is raw in the machine (a generic one over a private class):
      // its parameters are Objects, cast to what the accessor takes
      List<? extends VariableElement> declared = m.getParameters();
      for (int i = 0; i < arguments.size() && !declared.isEmpty(); i++) {
        TypeMirror p = declared.get(Math.min(i, declared.size() - 1)).asType();
        if (m.isVarArgs() && i >= declared.size() - 1 && count != declared.size()
            && p instanceof javax.lang.model.type.ArrayType) {
          p = ((javax.lang.model.type.ArrayType) p).getComponentType();
        }
        arguments.set(i, castTo(p, arguments.get(i)));
      }
      if (unbound && Unnameable.nameable((TypeElement) m.getEnclosingElement())) {
        receiver = castTo(m.getEnclosingElement().asType(), receiver);
      }
    }
    CodeBlock call = accessorCall(e, m.getKind() == ElementKind.CONSTRUCTOR
        ? PrivateAccessors.Use.NEW : PrivateAccessors.Use.CALL, receiver, receiverType, arguments);
    CodeBlock lambda = CodeBlock.of("($L) -> $L", CodeBlock.join(parameters, ", "), call);
    replace(node, computed == null ? lambda
        : CodeBlock.of("$L$L -> $L)", computed, receiver, lambda));
    return null;
  }

  /** Whether the machine writes {@code t} as it is, or as the visible type of a private class's. */
  private boolean writable(TypeMirror t) {
    return Unnameable.mentioned(t) || ctx.typeNames.writesExactly(t);
  }

  /** {@code ((T) code)} with {@code t} as the machine writes it, erased; the code if that is Object. */
  private CodeBlock castTo(TypeMirror t, CodeBlock code) {
    com.palantir.javapoet.TypeName type = Unnameable.visible(ctx.types.erasure(t), ctx.types);
    return type.equals(com.palantir.javapoet.ClassName.OBJECT) || type.isPrimitive() ? code
        : CodeBlock.of("(($T) $L)", type, code);
  }

  /** The number of parameters of the function type {@code t}; -1 if it has no one method. */
  private int functionArity(TypeMirror t) {
    Element type = ctx.types.asElement(t);
    if (!(type instanceof TypeElement)) {
      return -1;
    }
    for (Element member : ctx.elements.getAllMembers((TypeElement) type)) {
      if (member.getKind() == ElementKind.METHOD && member.getModifiers().contains(Modifier.ABSTRACT)
          && !isObjectMethod((ExecutableElement) member)) {
        return ((ExecutableElement) member).getParameters().size();
      }
    }
    return -1;
  }

  /** equals, hashCode or toString, which an interface may declare again without a body. */
  private static boolean isObjectMethod(ExecutableElement m) {
    String name = m.getSimpleName().toString();
    int n = m.getParameters().size();
    return n == 0 && (name.equals("hashCode") || name.equals("toString"))
        || n == 1 && name.equals("equals")
            && m.getParameters().get(0).asType().toString().equals("java.lang.Object");
  }
}
