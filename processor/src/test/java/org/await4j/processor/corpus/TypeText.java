package org.await4j.processor.corpus;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;

/**
 * Writes a type as source text that means the same type anywhere in the method being rewritten,
 * or says it cannot: captures, intersections, anonymous and local classes, the null type and type
 * variables not in scope have no such text (a wrap there is skipped, never guessed).
 */
final class TypeText {
  private final Set<Element> typeVariableOwnersInScope;

  /** @param owners the method and the classes whose type variables the method body can name */
  TypeText(Set<Element> owners) {
    this.typeVariableOwnersInScope = owners;
  }

  /** The text of {@code t}, or null when it is not denotable here. */
  String of(TypeMirror t) {
    switch (t.getKind()) {
      case BOOLEAN: case BYTE: case SHORT: case CHAR: case INT: case LONG: case FLOAT: case DOUBLE:
        return t.getKind().name().toLowerCase();
      case ARRAY: {
        String c = of(((ArrayType) t).getComponentType());
        return c == null ? null : c + "[]";
      }
      case DECLARED:
        return declared((DeclaredType) t);
      case TYPEVAR: {
        TypeVariable v = (TypeVariable) t;
        if (!(v.asElement() instanceof TypeParameterElement) || v.toString().contains("capture")) {
          return null;
        }
        Element owner = ((TypeParameterElement) v.asElement()).getGenericElement();
        return typeVariableOwnersInScope.contains(owner) ? v.asElement().getSimpleName().toString()
            : null;
      }
      default:
        return null; // null type, intersections, unions, errors, void, none
    }
  }

  private String declared(DeclaredType t) {
    TypeElement e = (TypeElement) t.asElement();
    if (e.getNestingKind() == NestingKind.ANONYMOUS || e.getNestingKind() == NestingKind.LOCAL) {
      return null;
    }
    for (Element x = e; x instanceof TypeElement; x = x.getEnclosingElement()) {
      if (x.getModifiers().contains(Modifier.PRIVATE)) {
        return null; // the machine lives in another class
      }
    }
    String args = arguments(t.getTypeArguments());
    if (args == null) {
      return null;
    }
    TypeMirror outer = t.getEnclosingType();
    if (outer.getKind() == TypeKind.DECLARED
        && !((DeclaredType) outer).getTypeArguments().isEmpty()) {
      String o = of(outer);
      return o == null ? null : o + "." + e.getSimpleName() + args;
    }
    return e.getQualifiedName() + args;
  }

  private String arguments(List<? extends TypeMirror> args) {
    if (args.isEmpty()) {
      return "";
    }
    List<String> texts = args.stream().map(this::argument).collect(Collectors.toList());
    return texts.contains(null) ? null : "<" + String.join(", ", texts) + ">";
  }

  private String argument(TypeMirror a) {
    if (a.getKind() != TypeKind.WILDCARD) {
      return of(a);
    }
    WildcardType w = (WildcardType) a;
    if (w.getExtendsBound() != null) {
      String b = of(w.getExtendsBound());
      return b == null ? null : "? extends " + b;
    }
    if (w.getSuperBound() != null) {
      String b = of(w.getSuperBound());
      return b == null ? null : "? super " + b;
    }
    return "?";
  }

  /** {@code int} gives {@code java.lang.Integer}; anything else null. */
  static String boxed(TypeKind k) {
    switch (k) {
      case BOOLEAN: return "java.lang.Boolean";
      case BYTE: return "java.lang.Byte";
      case SHORT: return "java.lang.Short";
      case CHAR: return "java.lang.Character";
      case INT: return "java.lang.Integer";
      case LONG: return "java.lang.Long";
      case FLOAT: return "java.lang.Float";
      case DOUBLE: return "java.lang.Double";
      default: return null;
    }
  }
}
