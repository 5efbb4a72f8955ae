package org.await4j.processor.lower;

import com.sun.source.tree.Tree;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Whether {@code x = x op y} needs the cast that {@code x op= y} implies (JLS 15.26.2), so
 * that generated code casts only where it must and stays free of lint warnings.
 */
public final class Promotion {
  private Promotion() {}

  static boolean needsCast(TypeMirror variable, TypeMirror operand, Tree.Kind op, Types types) {
    TypeKind target = unboxed(variable, types);
    TypeKind other = unboxed(operand, types);
    if (target == null) {
      return false; // String +=, or a reference type: the plain assignment is already legal
    }
    if (target == TypeKind.BOOLEAN) {
      return false;
    }
    if (!variable.getKind().isPrimitive()) {
      return true; // a boxed variable: box the promoted value explicitly
    }
    TypeKind result;
    boolean shift = op == Tree.Kind.LEFT_SHIFT_ASSIGNMENT || op == Tree.Kind.RIGHT_SHIFT_ASSIGNMENT
        || op == Tree.Kind.UNSIGNED_RIGHT_SHIFT_ASSIGNMENT;
    if (shift || other == null) {
      result = promote(target, TypeKind.INT);
    } else {
      result = promote(target, other);
    }
    return result != target;
  }

  private static TypeKind unboxed(TypeMirror t, Types types) {
    if (t.getKind().isPrimitive()) {
      return t.getKind();
    }
    try {
      PrimitiveType p = types.unboxedType(t);
      return p.getKind();
    } catch (IllegalArgumentException notBoxed) {
      return null;
    }
  }

  private static TypeKind promote(TypeKind a, TypeKind b) {
    if (a == TypeKind.DOUBLE || b == TypeKind.DOUBLE) {
      return TypeKind.DOUBLE;
    }
    if (a == TypeKind.FLOAT || b == TypeKind.FLOAT) {
      return TypeKind.FLOAT;
    }
    if (a == TypeKind.LONG || b == TypeKind.LONG) {
      return TypeKind.LONG;
    }
    return TypeKind.INT;
  }
}
