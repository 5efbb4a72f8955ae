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
  private final MachineTypes machineTypes;
  private Boolean fileHasPrivateTypes;

  PrivateValues(MethodContext ctx) {
    this.ctx = ctx;
    this.machineTypes = ctx.machineTypes;
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
  boolean fileHasPrivateTypes() {
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
    TypeMirror held = machineTypes.of(path, type);
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
      TypeMirror raw = isAssigned(path) ? null : machineTypes.rawLambdaParameter(path, member);
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
    TypeMirror machine = machineTypes.of(path, type);
    if (machine == null) {
      return machineTypes.rawReceiver(path, member); // a generic accessor: inferred where it is called
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
        && !(call.getLeaf() instanceof MethodInvocationTree && machineTypes.rawReceiver(call, method))
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
    ExecutableElement m = machineTypes.functionMethod(t);
    return m == null ? null : ((ExecutableType) ctx.types.asMemberOf((DeclaredType) t, m)).getReturnType();
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
