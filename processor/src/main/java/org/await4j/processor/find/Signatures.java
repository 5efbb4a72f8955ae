package org.await4j.processor.find;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/** What stubs and machines share about a source method's signature. */
public final class Signatures {
  private Signatures() {}

  public static boolean isStatic(ExecutableElement m) {
    return m.getModifiers().contains(Modifier.STATIC);
  }

  /** The boxed return type: {@code Void} for {@code void}. */
  public static TypeName boxedResult(ExecutableElement m, Types types) {
    TypeMirror r = m.getReturnType();
    if (r.getKind() == TypeKind.VOID) {
      return ClassName.get(Void.class);
    }
    if (r.getKind().isPrimitive()) {
      return TypeName.get(types.boxedClass((javax.lang.model.type.PrimitiveType) r).asType());
    }
    return typeName(r, types);
  }

  /** {@link #typeName(TypeMirror)}, with a private class as generated code holds it (see Unnameable). */
  public static TypeName typeName(TypeMirror t, Types types) {
    return !hasError(t) && Unnameable.mentioned(t) ? Unnameable.visible(t, types) : typeName(t);
  }

  /**
   * A signature's type as generated code writes it. A type that does not resolve (the user's
   * source names a class that does not exist) is written {@code Object}: javac reports it in the
   * source, and generated code must add no message of its own.
   */
  public static TypeName typeName(TypeMirror t) {
    if (!hasError(t)) {
      return TypeName.get(t);
    }
    switch (t.getKind()) {
      case ARRAY:
        return com.palantir.javapoet.ArrayTypeName.of(
            typeName(((javax.lang.model.type.ArrayType) t).getComponentType()));
      case DECLARED: {
        javax.lang.model.type.DeclaredType d = (javax.lang.model.type.DeclaredType) t;
        if (d.asElement().asType().getKind() == TypeKind.ERROR) {
          return ClassName.OBJECT;
        }
        List<TypeName> args = new ArrayList<>();
        for (TypeMirror a : d.getTypeArguments()) {
          args.add(typeName(a));
        }
        TypeMirror enclosing = d.getEnclosingType();
        if (enclosing.getKind() == TypeKind.DECLARED
            && !((javax.lang.model.type.DeclaredType) enclosing).getTypeArguments().isEmpty()) {
          // a generic inner class of a generic class: Box<String>.Inner<Integer>
          TypeName outer = typeName(enclosing);
          if (outer instanceof ParameterizedTypeName) {
            return ((ParameterizedTypeName) outer).nestedClass(d.asElement().getSimpleName().toString(),
                args);
          }
        }
        return ParameterizedTypeName.get(ClassName.get((TypeElement) d.asElement()),
            args.toArray(new TypeName[0]));
      }
      default:
        return ClassName.OBJECT;
    }
  }

  /** Whether a type, or a type in it, does not resolve. */
  static boolean hasError(TypeMirror t) {
    return anyIn(t, x -> x.getKind() == TypeKind.ERROR);
  }

  /**
   * Whether {@code test} holds for {@code t} or for a type in it: an array's component, a type
   * argument, a wildcard's bound.
   */
  public static boolean anyIn(TypeMirror t, java.util.function.Predicate<TypeMirror> test) {
    if (test.test(t)) {
      return true;
    }
    switch (t.getKind()) {
      case ARRAY:
        return anyIn(((javax.lang.model.type.ArrayType) t).getComponentType(), test);
      case DECLARED:
        for (TypeMirror a : ((javax.lang.model.type.DeclaredType) t).getTypeArguments()) {
          if (anyIn(a, test)) {
            return true;
          }
        }
        return false;
      case WILDCARD: {
        javax.lang.model.type.WildcardType w = (javax.lang.model.type.WildcardType) t;
        return (w.getExtendsBound() != null && anyIn(w.getExtendsBound(), test))
            || (w.getSuperBound() != null && anyIn(w.getSuperBound(), test));
      }
      default:
        return false;
    }
  }

  /** Whether the signature of {@code m} names a type that does not resolve (yet). */
  public static boolean hasErrorTypes(ExecutableElement m) {
    if (hasError(m.getReturnType())) {
      return true;
    }
    for (javax.lang.model.element.VariableElement p : m.getParameters()) {
      if (hasError(p.asType())) {
        return true;
      }
    }
    for (TypeMirror t : m.getThrownTypes()) {
      if (hasError(t)) {
        return true;
      }
    }
    return false;
  }

  /** The type of {@code self}: the class with its own type parameters, {@code Box<T>}. */
  public static TypeName selfType(TypeElement type) {
    if (!Unnameable.nameable(type)) {
      return ClassName.OBJECT; // a private class: see Unnameable
    }
    TypeElement outer = genericOuter(type);
    if (outer != null) {
      // an inner class of a generic class: B<T>.Bag (its own arguments, if any, after)
      ParameterizedTypeName enclosing = (ParameterizedTypeName) selfType(outer);
      return enclosing.nestedClass(type.getSimpleName().toString(), ownArguments(type));
    }
    ClassName raw = ClassName.get(type);
    if (type.getTypeParameters().isEmpty()) {
      return raw;
    }
    return ParameterizedTypeName.get(raw, ownArguments(type).toArray(new TypeName[0]));
  }

  private static List<TypeName> ownArguments(TypeElement type) {
    List<TypeName> args = new ArrayList<>();
    for (TypeParameterElement p : type.getTypeParameters()) {
      args.add(TypeVariableName.get(p.getSimpleName().toString()));
    }
    return args;
  }

  /**
   * The enclosing class of an inner (non-static) class when that class, or one around it, is
   * generic: its type variables are in scope in the inner class's methods. Else null.
   */
  public static TypeElement genericOuter(TypeElement type) {
    if (type.getModifiers().contains(Modifier.STATIC) || type.getNestingKind()
        != javax.lang.model.element.NestingKind.MEMBER || type.getKind() != javax.lang.model.element.ElementKind.CLASS
        || !(type.getEnclosingElement() instanceof TypeElement)) {
      return null;
    }
    TypeElement outer = (TypeElement) type.getEnclosingElement();
    return !outer.getTypeParameters().isEmpty() || genericOuter(outer) != null ? outer : null;
  }

  /** The class's type parameters (for an instance method) followed by the method's own. */
  public static List<TypeVariableName> typeVariables(TypeElement type, ExecutableElement m) {
    List<TypeVariableName> vars = new ArrayList<>();
    if (!isStatic(m)) {
      // the enclosing classes' first, for an inner class of a generic class
      List<TypeElement> classes = new ArrayList<>();
      for (TypeElement t = type; t != null; t = genericOuter(t)) {
        classes.add(0, t);
      }
      for (TypeElement t : classes) {
        for (TypeParameterElement p : t.getTypeParameters()) {
          vars.add(TypeVariableName.get(p));
        }
      }
    }
    for (TypeParameterElement p : m.getTypeParameters()) {
      vars.add(TypeVariableName.get(p));
    }
    return vars;
  }

  /**
   * Whether a varargs method's array of variable arguments is of a reifiable type; else the
   * generated methods that take it on are marked {@code @SafeVarargs} (the source method carries
   * the warning, if any).
   */
  public static boolean isReifiableVarargs(ExecutableElement m) {
    TypeMirror last = m.getParameters().get(m.getParameters().size() - 1).asType();
    TypeMirror component = ((javax.lang.model.type.ArrayType) last).getComponentType();
    while (component.getKind() == TypeKind.ARRAY) {
      component = ((javax.lang.model.type.ArrayType) component).getComponentType();
    }
    return component.getKind().isPrimitive() || (component.getKind() == TypeKind.DECLARED
        && ((javax.lang.model.type.DeclaredType) component).getTypeArguments().isEmpty());
  }

  /** {@code page(URI)} with erased parameter types, as a Javadoc link needs. */
  public static String javadocSignature(ExecutableElement m, Types types) {
    return m.getSimpleName() + m.getParameters().stream()
        .map(p -> types.erasure(p.asType()).toString())
        .collect(Collectors.joining(", ", "(", ")"));
  }

  /** Whether a type variable is a captured wildcard, which javac cannot name again. */
  public static boolean isCaptured(javax.lang.model.type.TypeVariable v) {
    return v.toString().startsWith("capture#")
        || v.asElement().getSimpleName().toString().startsWith("<captured");
  }
}
