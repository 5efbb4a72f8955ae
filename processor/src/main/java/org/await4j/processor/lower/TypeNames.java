package org.await4j.processor.lower;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Types;
import org.await4j.processor.find.Signatures;
import org.await4j.processor.find.Unnameable;

/**
 * Writes a javac type as a type that can stand in source: captured wildcards become wildcards
 * (or their bound), intersections their first bound, anonymous classes their supertype.
 */
public final class TypeNames {
  /** A type that cannot be written down at all. */
  static final class Undenotable extends RuntimeException {
    Undenotable(TypeMirror t) {
      super(String.valueOf(t), null, false, false);
    }
  }

  private final Types types;
  private final java.util.Map<TypeElement, ClassName> movedTypes;
  /** Captured type variables whose bounds are being written (a bound may mention its own). */
  private final java.util.Set<TypeVariable> expanding =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  /** The machine class's type variables: a local class moved into it is its inner class. */
  private final List<TypeVariableName> machineTypeVariables;

  TypeNames(Types types, java.util.Map<TypeElement, ClassName> movedTypes,
      List<TypeVariableName> machineTypeVariables) {
    this.types = types;
    this.movedTypes = movedTypes;
    this.machineTypeVariables = machineTypeVariables;
  }

  TypeName of(TypeMirror t) {
    return of(t, false);
  }

  private TypeName of(TypeMirror t, boolean typeArgument) {
    switch (t.getKind()) {
      case BOOLEAN: case BYTE: case SHORT: case INT: case LONG: case CHAR: case FLOAT:
      case DOUBLE: case VOID:
        return TypeName.get(t);
      case NULL:
        return ClassName.OBJECT;
      case ARRAY:
        return ArrayTypeName.of(of(((ArrayType) t).getComponentType(), false));
      case DECLARED:
        return declared((DeclaredType) t);
      case TYPEVAR:
        TypeVariable v = (TypeVariable) t;
        if (Signatures.isCaptured(v)) {
          if (!expanding.add(v)) {
            // inside its own bound (BF<T extends BF<T>> captured from BF<?>): BF<?>
            return typeArgument ? WildcardTypeName.subtypeOf(Object.class) : ClassName.OBJECT;
          }
          try {
            // as a type argument, the wildcard it captured: ? super E keeps its lower bound
            TypeMirror lower = v.getLowerBound();
            if (typeArgument && lower != null && lower.getKind() != TypeKind.NULL
                && lower.getKind() != TypeKind.NONE) {
              return WildcardTypeName.supertypeOf(of(lower, false));
            }
            TypeName bound = of(v.getUpperBound(), false);
            return typeArgument ? WildcardTypeName.subtypeOf(bound) : bound;
          } finally {
            expanding.remove(v);
          }
        }
        return TypeVariableName.get(v.asElement().getSimpleName().toString());
      case WILDCARD:
        WildcardType w = (WildcardType) t;
        if (w.getExtendsBound() != null) {
          return WildcardTypeName.subtypeOf(of(w.getExtendsBound(), false));
        }
        if (w.getSuperBound() != null) {
          return WildcardTypeName.supertypeOf(of(w.getSuperBound(), false));
        }
        return WildcardTypeName.subtypeOf(Object.class);
      case INTERSECTION:
        return of(((IntersectionType) t).getBounds().get(0), typeArgument);
      default:
        throw new Undenotable(t);
    }
  }

  private TypeName declared(DeclaredType d) {
    TypeElement e = (TypeElement) d.asElement();
    if (!movedTypes.containsKey(e) && Unnameable.mentioned(d)) {
      // a private class, or a generic type over one: Object, or the raw type (see Unnameable)
      return Unnameable.visible(d, types);
    }
    if (e.getNestingKind() == NestingKind.ANONYMOUS) {
      List<? extends TypeMirror> supers = types.directSupertypes(d);
      return of(supers.get(supers.size() - 1), false);
    }
    ClassName raw = movedTypes.containsKey(e) ? movedTypes.get(e) : ClassName.get(e);
    boolean innerOfMachine = movedTypes.containsKey(e) && e.getKind() == ElementKind.CLASS
        && !machineTypeVariables.isEmpty();
    if (d.getTypeArguments().isEmpty() && !innerOfGeneric(d, e) && !innerOfMachine) {
      return raw;
    }
    List<TypeName> args = new ArrayList<>();
    for (TypeMirror a : d.getTypeArguments()) {
      TypeName arg = of(a, true);
      // Class<capture of ?> inside an argument: only ? extends Class<?> holds it (arguments
      // are invariant; found in commons-lang3's TypeUtils over Class<?>.getTypeParameters())
      if (!(arg instanceof WildcardTypeName) && mentionsCapture(a)) {
        arg = WildcardTypeName.subtypeOf(arg);
      }
      args.add(arg);
    }
    if (innerOfMachine) {
      // a local class moved into a generic machine is its inner class: twice<T>.Box, whose
      // members keep the method's type variables (round 17)
      return ParameterizedTypeName.get(raw.enclosingClassName(),
          machineTypeVariables.toArray(new TypeName[0])).nestedClass(raw.simpleName(), args);
    }
    if (innerOfGeneric(d, e)) {
      // an inner class of a generic class: Box<String>.Inner<Integer> (or Box<T>.Inner), not the
      // raw Box.Inner, whose members' types would be erased
      TypeName outer = of(d.getEnclosingType(), false);
      if (outer instanceof ParameterizedTypeName) {
        return ((ParameterizedTypeName) outer).nestedClass(e.getSimpleName().toString(), args);
      }
    }
    return args.isEmpty() ? raw : ParameterizedTypeName.get(raw, args.toArray(new TypeName[0]));
  }

  /** Whether {@code d} is an inner class of a parameterized class (not one moved into the machine). */
  private boolean innerOfGeneric(DeclaredType d, TypeElement e) {
    TypeMirror enclosing = d.getEnclosingType();
    return enclosing.getKind() == TypeKind.DECLARED && !movedTypes.containsKey(e)
        && !((DeclaredType) enclosing).getTypeArguments().isEmpty();
  }

  /**
   * Whether {@link #of} writes {@code t} as it is, not as an approximation (of a captured
   * wildcard, an intersection, an anonymous class), and in a form the machine can name.
   */
  boolean writesExactly(TypeMirror t) {
    switch (t.getKind()) {
      case BOOLEAN: case BYTE: case SHORT: case INT: case LONG: case CHAR: case FLOAT:
      case DOUBLE:
        return true;
      case ARRAY:
        return writesExactly(((ArrayType) t).getComponentType());
      case TYPEVAR:
        return !Signatures.isCaptured((TypeVariable) t);
      case WILDCARD: {
        WildcardType w = (WildcardType) t;
        return (w.getExtendsBound() == null || writesExactly(w.getExtendsBound()))
            && (w.getSuperBound() == null || writesExactly(w.getSuperBound()));
      }
      case DECLARED: {
        for (javax.lang.model.element.Element e = ((DeclaredType) t).asElement();
            e instanceof TypeElement; e = e.getEnclosingElement()) {
          if (((TypeElement) e).getNestingKind() == NestingKind.ANONYMOUS
              || e.getModifiers().contains(javax.lang.model.element.Modifier.PRIVATE)) {
            return false;
          }
        }
        for (TypeMirror a : ((DeclaredType) t).getTypeArguments()) {
          if (!writesExactly(a)) {
            return false;
          }
        }
        return true;
      }
      default:
        return false;
    }
  }

  private static boolean mentionsCapture(TypeMirror t) {
    switch (t.getKind()) {
      case TYPEVAR:
        return Signatures.isCaptured((TypeVariable) t);
      case ARRAY:
        return mentionsCapture(((ArrayType) t).getComponentType());
      case DECLARED:
        for (TypeMirror a : ((DeclaredType) t).getTypeArguments()) {
          if (mentionsCapture(a)) {
            return true;
          }
        }
        return false;
      case WILDCARD:
        WildcardType w = (WildcardType) t;
        return w.getExtendsBound() != null && mentionsCapture(w.getExtendsBound())
            || w.getSuperBound() != null && mentionsCapture(w.getSuperBound());
      default:
        return false;
    }
  }


  static boolean isError(TypeMirror t) {
    return t == null || t.getKind() == TypeKind.ERROR;
  }

  /**
   * The suffix of the runtime's per-type helpers ({@code returned}, {@code failed}) for a value
   * of {@code type}: empty for a reference, {@code Int}, {@code Long}, {@code Double},
   * {@code Float} or {@code Boolean}; null for {@code void} and the primitives that have none.
   */
  public static String helperSuffix(TypeName type) {
    if (!type.isPrimitive()) {
      return type.equals(TypeName.VOID) ? null : "";
    }
    switch (type.toString()) {
      case "int": case "long": case "double": case "float": case "boolean":
        String name = type.toString();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
      default:
        return null;
    }
  }

  /** What a fast path returns when it has handed off a task instead: nothing anyone reads. */
  public static String placeholder(TypeName type) {
    if (!type.isPrimitive()) {
      return "null";
    }
    switch (type.toString()) {
      case "boolean": return "false";
      case "long": return "0L";
      case "float": return "0f";
      case "double": return "0d";
      case "int": return "0";
      default: return "(" + type + ") 0";
    }
  }
}
