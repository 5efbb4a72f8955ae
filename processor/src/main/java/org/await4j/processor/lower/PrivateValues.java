package org.await4j.processor.lower;

import com.palantir.javapoet.TypeName;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.await4j.processor.find.Unnameable;

/**
 * Values of private nested classes in the machine, which cannot name those classes and holds
 * such values as a supertype it can name, often {@code Object} (a generic type over one, raw;
 * see {@link Unnameable}). Java converts them implicitly where the source passes them on; the
 * machine needs a cast there: an argument, an initializer, an assigned or returned value, the
 * receiver of a member inherited from a class it can name. And a member read through such a
 * value, raw in the machine, gives its erased type: cast back to the type the source sees.
 */
final class PrivateValues {
  /** A value in a position the machine cannot convert it in. */
  static final class Unsupported extends RuntimeException {
    Unsupported() {
      super(null, null, false, false);
    }
  }

  private final MethodContext ctx;
  private Boolean fileHasPrivateTypes;

  PrivateValues(MethodContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The type to cast the expression at {@code path} to, for the value it is on its own (held
   * in a field of its own type), or null for none.
   */
  TypeName readBack(TreePath path) {
    if (!fileHasPrivateTypes()) {
      return null;
    }
    TypeMirror type = path.getLeaf() instanceof ExpressionTree ? ctx.trees.getTypeMirror(path) : null;
    return type != null && type.getKind() != TypeKind.EXECUTABLE && !isTypeName(path)
        && readThroughRaw(path, type) ? cast(type) : null;
  }

  /**
   * Whether the source's file declares a private class anywhere: a member read back through a
   * raw receiver needs one (a value of another file's private class, which that file's code
   * could hand out, still gets its conversions). Most files have none: then nothing is read
   * back, and each expression costs one look at its type.
   */
  private boolean fileHasPrivateTypes() {
    if (fileHasPrivateTypes == null) {
      fileHasPrivateTypes = false;
      for (com.sun.source.tree.Tree t : ctx.unit.getTypeDecls()) {
        Element e = ctx.trees.getElement(new TreePath(new TreePath(ctx.unit), t));
        if (e instanceof TypeElement && declaresPrivate((TypeElement) e)) {
          fileHasPrivateTypes = true;
        }
      }
    }
    return fileHasPrivateTypes;
  }

  private static boolean declaresPrivate(TypeElement type) {
    for (Element e : type.getEnclosedElements()) {
      if (e instanceof TypeElement && (e.getModifiers().contains(Modifier.PRIVATE)
          || declaresPrivate((TypeElement) e))) {
        return true;
      }
    }
    return false;
  }

  /** The type to cast the expression at {@code path} to, where it stands, or null for none. */
  TypeName castFor(TreePath path) {
    Tree leaf = path.getLeaf();
    if (!(leaf instanceof ExpressionTree) || path.getParentPath() == null
        || leaf instanceof LambdaExpressionTree || leaf instanceof MemberReferenceTree) {
      return null; // (a lambda takes the type it is given)
    }
    TypeMirror type = ctx.trees.getTypeMirror(path);
    if (type == null || type.getKind() == TypeKind.EXECUTABLE) {
      return null;
    }
    boolean mentioned = Unnameable.mentioned(type);
    if (!mentioned && !fileHasPrivateTypes() || isTypeName(path)) {
      return null; // (the cheap test first: it settles almost every expression)
    }
    boolean statement = path.getParentPath().getLeaf().getKind() == Tree.Kind.EXPRESSION_STATEMENT;
    TypeName readBack = !statement && readThroughRaw(path, type) ? cast(type) : null;
    if (!mentioned) {
      return readBack;
    }
    TypeMirror target = target(path);
    if (target == null) {
      return takesAnyObject(path) ? null : readBack;
    }
    TypeMirror visibleTarget = visibleType(target);
    TypeMirror held = machineType(path, type);
    // (a raw Iterable is assignable to an Iterable of anything, but a loop over it sees Objects)
    boolean loop = path.getParentPath().getLeaf().getKind() == Tree.Kind.ENHANCED_FOR_LOOP;
    if (held != null && (loop ? ctx.types.isSubtype(held, visibleTarget)
        : ctx.types.isAssignable(held, visibleTarget))) {
      return null;
    }
    TypeName cast = cast(target);
    return cast == null ? readBack : cast;
  }

  /**
   * Whether the value at {@code path} goes where any Object does: compared, concatenated,
   * tested, locked, or the receiver of a private class's member (its accessor takes an Object).
   */
  private boolean takesAnyObject(TreePath path) {
    Tree parent = path.getParentPath().getLeaf();
    switch (parent.getKind()) {
      case EQUAL_TO: case NOT_EQUAL_TO: case PLUS: case EXPRESSION_STATEMENT: case INSTANCE_OF:
      case SYNCHRONIZED: case TYPE_CAST:
        return true;
      case MEMBER_SELECT: {
        Element member = ctx.trees.getElement(path.getParentPath());
        Element owner = member == null ? null : member.getEnclosingElement();
        return owner instanceof TypeElement && (!Unnameable.nameable((TypeElement) owner)
            || ((TypeElement) owner).getQualifiedName().contentEquals("java.lang.Object"));
      }
      default:
        return false;
    }
  }

  /**
   * The type of the machine's code for the expression at {@code path} (of source type
   * {@code type}), where it is known: a local as the machine declares it, a cast or a creation
   * as written, a member read through an accessor (the visible type of its declared one) or
   * through a raw receiver (its erasure). Else null.
   */
  private TypeMirror machineType(TreePath path, TypeMirror type) {
    Tree leaf = path.getLeaf();
    switch (leaf.getKind()) {
      case TYPE_CAST: case NEW_CLASS: case NEW_ARRAY:
        return visibleType(type); // (Worker) o, new Worker(), new Worker[n]: written so
      case PARENTHESIZED: {
        TreePath inner = new TreePath(path, ((com.sun.source.tree.ParenthesizedTree) leaf).getExpression());
        return machineType(inner, ctx.trees.getTypeMirror(inner));
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
      if (Unnameable.mentioned(declared)
          || ctx.types.isSameType(declared, ctx.types.erasure(declared))) {
        return visibleType(declared);
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
  private TypeMirror rawLambdaParameter(TreePath path, Element e) {
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
  private boolean rawReceiver(TreePath path, Element e) {
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

  private boolean isTypeName(TreePath path) {
    Tree leaf = path.getLeaf();
    if (!(leaf instanceof IdentifierTree || leaf instanceof MemberSelectTree)) {
      return leaf.getKind() == Tree.Kind.PARAMETERIZED_TYPE || leaf.getKind() == Tree.Kind.ARRAY_TYPE
          || leaf.getKind() == Tree.Kind.PRIMITIVE_TYPE;
    }
    Element e = ctx.trees.getElement(path);
    return e != null && (e instanceof TypeElement || e.getKind() == ElementKind.PACKAGE
        || e.getKind() == ElementKind.METHOD || e.getKind() == ElementKind.CONSTRUCTOR);
  }

  /**
   * A member read through a value of a private class (or of a generic type over one), whose
   * declared type depends on the receiver's type arguments: the machine's receiver is raw, so
   * the machine sees the erasure ({@code byName.keySet()} a raw Set, not a Set of String;
   * {@code crew.get(0)} an Object, not the visible type of a Worker).
   */
  private boolean readThroughRaw(TreePath path, TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED && type.getKind() != TypeKind.ARRAY
        && type.getKind() != TypeKind.TYPEVAR) {
      return false;
    }
    Tree leaf = path.getLeaf();
    if (!(leaf instanceof MethodInvocationTree || leaf instanceof MemberSelectTree
        || leaf instanceof IdentifierTree)) {
      return false;
    }
    Element member = ctx.trees.getElement(path);
    if (member != null && member.getKind() == ElementKind.PARAMETER) {
      // a lambda's parameter, an Object where the lambda's interface is raw in the machine
      TypeMirror raw = isAssigned(path) ? null : rawLambdaParameter(path, member);
      return raw != null && !ctx.types.isSameType(raw, visibleType(type)) && cast(type) != null;
    }
    if (member == null || !(member.getKind() == ElementKind.METHOD
        || member.getKind() == ElementKind.FIELD && !isAssigned(path))) {
      return false;
    }
    TypeMirror declared = member instanceof ExecutableElement
        ? ((ExecutableElement) member).getReturnType() : member.asType();
    if (ctx.types.isSameType(declared, ctx.types.erasure(declared))) {
      return false; // a String or an int whatever the receiver
    }
    TypeMirror machine = machineType(path, type);
    if (machine == null) {
      return rawReceiver(path, member); // a generic accessor: inferred where it is called
    }
    return !ctx.types.isSameType(machine, visibleType(type)) && cast(type) != null;
  }

  private static boolean isAssigned(TreePath path) {
    Tree parent = path.getParentPath().getLeaf();
    return parent instanceof AssignmentTree && ((AssignmentTree) parent).getVariable() == path.getLeaf()
        || parent instanceof com.sun.source.tree.CompoundAssignmentTree
        || parent instanceof com.sun.source.tree.UnaryTree;
  }

  /** The type the source converts a value of a private class to where it stands, cast to. */
  private TypeMirror target(TreePath path) {
    Tree leaf = path.getLeaf();
    TreePath parentPath = path.getParentPath();
    Tree parent = parentPath.getLeaf();
    switch (parent.getKind()) {
      case PARENTHESIZED: // as the parenthesized expression: its own place decides
      case EXPRESSION_STATEMENT: case EQUAL_TO: case NOT_EQUAL_TO: case PLUS:
      case INSTANCE_OF: case TYPE_CAST: case SYNCHRONIZED: case ARRAY_ACCESS:
      case SWITCH: case SWITCH_EXPRESSION: case ASSERT: case CASE:
        return null;
      case NEW_ARRAY: {
        TypeMirror array = ctx.trees.getTypeMirror(parentPath);
        return array instanceof ArrayType ? ((ArrayType) array).getComponentType() : null;
      }
      case MEMBER_SELECT:
        return receiver(path, parentPath);
      case MEMBER_REFERENCE:
        return ((MemberReferenceTree) parent).getQualifierExpression() == leaf
            ? receiver(path, parentPath) : null;
      case METHOD_INVOCATION: {
        MethodInvocationTree call = (MethodInvocationTree) parent;
        int i = call.getArguments().indexOf(leaf);
        if (i < 0) {
          return null;
        }
        TypeMirror select = ctx.trees.getTypeMirror(new TreePath(parentPath, call.getMethodSelect()));
        Element method = ctx.trees.getElement(parentPath);
        return parameter(select, method, parentPath, call.getArguments(), i);
      }
      case NEW_CLASS: {
        NewClassTree creation = (NewClassTree) parent;
        int i = creation.getArguments().indexOf(leaf);
        if (i < 0) {
          return null;
        }
        Element constructor = ctx.trees.getElement(parentPath);
        TypeMirror created = ctx.trees.getTypeMirror(parentPath);
        TypeMirror asMember = constructor != null && created instanceof DeclaredType
            ? ctx.types.asMemberOf((DeclaredType) created, constructor) : null;
        return parameter(asMember, constructor, parentPath, creation.getArguments(), i);
      }
      case VARIABLE:
        return ((VariableTree) parent).getInitializer() == leaf
            ? ctx.trees.getTypeMirror(parentPath) : null;
      case ASSIGNMENT:
        return ((AssignmentTree) parent).getExpression() == leaf
            ? ctx.trees.getTypeMirror(new TreePath(parentPath,
                ((AssignmentTree) parent).getVariable())) : null;
      case CONDITIONAL_EXPRESSION:
        return ((ConditionalExpressionTree) parent).getCondition() == leaf ? null
            : ctx.trees.getTypeMirror(parentPath);
      case RETURN:
        return returnType(parentPath);
      case LAMBDA_EXPRESSION:
        return functionResult(parentPath);
      case ENHANCED_FOR_LOOP: {
        // over an array, its elements are as the machine holds them; a raw Iterable gives
        // Objects: cast to an Iterable of the loop variable's type as the machine writes it
        EnhancedForLoopTree loop = (EnhancedForLoopTree) parent;
        TypeMirror element = ctx.trees.getTypeMirror(new TreePath(parentPath, loop.getVariable()));
        if (loop.getExpression() != leaf || element == null || element.getKind().isPrimitive()
            || ctx.trees.getTypeMirror(path).getKind() == TypeKind.ARRAY) {
          return null;
        }
        TypeMirror held = visibleType(element);
        return ctx.types.getDeclaredType(ctx.elements.getTypeElement("java.lang.Iterable"), held);
      }
      case THROW:
        return visibleType(ctx.trees.getTypeMirror(path)); // its own visible type, a Throwable
      case YIELD:
        for (TreePath p = parentPath; p != null; p = p.getParentPath()) {
          if (p.getLeaf().getKind() == Tree.Kind.SWITCH_EXPRESSION) {
            return ctx.trees.getTypeMirror(p);
          }
        }
        return null;
      default:
        if (parent.getKind().name().equals("CONSTANT_CASE_LABEL")) {
          return null;
        }
        throw new Unsupported();
    }
  }

  /**
   * The receiver of a member named through it: cast to the member's class when that is not a
   * private class (whose accessors take the machine's type) or Object.
   */
  private TypeMirror receiver(TreePath value, TreePath select) {
    TypeMirror type = ctx.trees.getTypeMirror(value);
    if (type == null || type.getKind() != TypeKind.DECLARED
        || Unnameable.nameable((TypeElement) ((DeclaredType) type).asElement())) {
      // an array's length, or a generic type over a private class: the machine's value is of
      // the same class (raw, or with other arguments), which has the member
      return null;
    }
    Element member = ctx.trees.getElement(select);
    if (member == null || member.getModifiers().contains(Modifier.STATIC)
        || !(member.getEnclosingElement() instanceof TypeElement)) {
      return null;
    }
    TypeElement owner = (TypeElement) member.getEnclosingElement();
    if (!Unnameable.nameable(owner)) {
      return null;
    }
    return ctx.types.erasure(owner.asType());
  }

  /** The type of the {@code i}th argument's parameter, as the call sees it (varargs too). */
  private TypeMirror parameter(TypeMirror callType, Element callee, TreePath call,
      List<? extends ExpressionTree> args, int i) {
    if (!(callee instanceof ExecutableElement)) {
      return null;
    }
    ExecutableElement method = (ExecutableElement) callee;
    List<? extends TypeMirror> params = callType instanceof ExecutableType
        && !(call.getLeaf() instanceof MethodInvocationTree && rawReceiver(call, method))
        ? ((ExecutableType) callType).getParameterTypes() : null;
    if (params == null || params.size() != method.getParameters().size()) {
      // through a raw receiver, the erased declared types (Object for a Map's key)
      params = method.getParameters().stream().map(p -> ctx.types.erasure(p.asType())).collect(
          java.util.stream.Collectors.toList());
    }
    if (params.isEmpty()) {
      return null;
    }
    int last = params.size() - 1;
    TypeMirror p = params.get(Math.min(i, last));
    if (method.isVarArgs() && i >= last && p.getKind() == TypeKind.ARRAY) {
      boolean arrayPassed = args.size() == params.size()
          && isArray(ctx.trees.getTypeMirror(new TreePath(call, args.get(i))));
      if (!arrayPassed) {
        p = ((ArrayType) p).getComponentType();
      }
    }
    return p;
  }

  private static boolean isArray(TypeMirror t) {
    return t != null && (t.getKind() == TypeKind.ARRAY || t.getKind() == TypeKind.NULL);
  }

  /** The return type of the method or lambda that a return statement at {@code path} leaves. */
  private TypeMirror returnType(TreePath path) {
    for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof LambdaExpressionTree) {
        return functionResult(p);
      }
      if (p.getLeaf() instanceof MethodTree) {
        Element m = ctx.trees.getElement(p);
        return m instanceof ExecutableElement ? ((ExecutableElement) m).getReturnType() : null;
      }
    }
    return null;
  }

  /** The result type of the function a lambda implements (void if none). */
  private TypeMirror functionResult(TreePath lambda) {
    TypeMirror t = ctx.trees.getTypeMirror(lambda);
    ExecutableElement m = functionMethod(t);
    return m == null ? null : ((ExecutableType) ctx.types.asMemberOf((DeclaredType) t, m)).getReturnType();
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

  private TypeMirror visibleType(TypeMirror t) {
    return Unnameable.visibleType(t, ctx.types, ctx.elements);
  }

  /** A cast to {@code target} as the machine writes it; none to Object or a type variable. */
  private TypeName cast(TypeMirror target) {
    if (target == null || target.getKind() != TypeKind.DECLARED && target.getKind() != TypeKind.ARRAY
        && !(target.getKind() == TypeKind.TYPEVAR
            && !org.await4j.processor.find.Signatures.isCaptured((javax.lang.model.type.TypeVariable) target))) {
      return null;
    }
    TypeName t = Unnameable.mentioned(target) ? Unnameable.visible(target, ctx.types) : written(target);
    return t == null || t.equals(com.palantir.javapoet.ClassName.OBJECT) ? null : t;
  }

  private TypeName written(TypeMirror t) {
    if (t.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().contentEquals("java.lang.Object")) {
      return null;
    }
    return ctx.typeNames.writesExactly(t) ? ctx.typeNames.of(t) : TypeName.get(ctx.types.erasure(t));
  }
}
