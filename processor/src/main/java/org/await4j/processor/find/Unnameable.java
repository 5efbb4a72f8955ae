package org.await4j.processor.find;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.await4j.processor.RuntimeNames;

/**
 * Private nested classes, which the generated classes (other top-level classes of the package)
 * cannot name: their values are written as {@code Object} (a generic type over one, raw), their
 * members are reached through accessors, and their class literals are looked up by name.
 */
public final class Unnameable {
  private Unnameable() {}

  /**
   * The package of the class whose machines are being written (javac runs processors on one
   * thread): a protected class of another package, which that class reaches as a subclass, is
   * not nameable there either.
   */
  private static String generatingIn = "";

  /** Sets the package of the class whose machines are written next. */
  public static void generatingIn(TypeElement type, Elements elements) {
    generatingIn = elements.getPackageOf(type).getQualifiedName().toString();
  }

  /**
   * Whether generated code can name {@code type}: no class around it, itself included, is
   * private, or protected in another package.
   */
  public static boolean nameable(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        return false;
      }
      if (e.getModifiers().contains(Modifier.PROTECTED) && !packageOf(e).equals(generatingIn)) {
        return false;
      }
    }
    return true;
  }

  private static String packageOf(Element e) {
    Element p = e;
    while (p != null && !(p instanceof javax.lang.model.element.PackageElement)) {
      p = p.getEnclosingElement();
    }
    return p == null ? "" : ((javax.lang.model.element.PackageElement) p).getQualifiedName().toString();
  }

  /** Whether {@code t} mentions a class that generated code cannot name. */
  public static boolean mentioned(TypeMirror t) {
    switch (t.getKind()) {
      case ARRAY:
        return mentioned(((ArrayType) t).getComponentType());
      case WILDCARD: {
        WildcardType w = (WildcardType) t;
        return w.getExtendsBound() != null && mentioned(w.getExtendsBound())
            || w.getSuperBound() != null && mentioned(w.getSuperBound());
      }
      case DECLARED: {
        DeclaredType d = (DeclaredType) t;
        if (!nameable((TypeElement) d.asElement())) {
          return true;
        }
        for (TypeMirror a : d.getTypeArguments()) {
          if (mentioned(a)) {
            return true;
          }
        }
        return false;
      }
      default:
        return false;
    }
  }

  /** Whether a field's type, or a method's result or a parameter, names a private class. */
  public static boolean inSignature(Element member) {
    if (member instanceof javax.lang.model.element.ExecutableElement) {
      javax.lang.model.element.ExecutableElement m =
          (javax.lang.model.element.ExecutableElement) member;
      if (mentioned(m.getReturnType())) {
        return true;
      }
      for (javax.lang.model.element.VariableElement p : m.getParameters()) {
        if (mentioned(p.asType())) {
          return true;
        }
      }
      return false;
    }
    return mentioned(member.asType());
  }

  /**
   * {@code t} as generated code writes it: a private class as its nearest nameable supertype
   * (else {@code Object}; an array of one, an array of that), a generic type with such an
   * argument raw, anything else as it is.
   */
  public static TypeName visible(TypeMirror t, Types types) {
    if (!mentioned(t)) {
      return TypeName.get(t);
    }
    if (t.getKind() == TypeKind.ARRAY) {
      return ArrayTypeName.of(visible(((ArrayType) t).getComponentType(), types));
    }
    if (t.getKind() == TypeKind.DECLARED
        && nameable((TypeElement) ((DeclaredType) t).asElement())) {
      return TypeName.get(types.erasure(t));
    }
    TypeMirror named = nameableSupertype(t, types);
    return named == null ? ClassName.OBJECT : visible(named, types);
  }

  /** {@link #visible} as a type: what the machine holds a value of {@code t} as. */
  public static TypeMirror visibleType(TypeMirror t, Types types, Elements elements) {
    if (!mentioned(t)) {
      return t;
    }
    if (t.getKind() == TypeKind.ARRAY) {
      return types.getArrayType(visibleType(((ArrayType) t).getComponentType(), types, elements));
    }
    if (t.getKind() == TypeKind.DECLARED
        && nameable((TypeElement) ((DeclaredType) t).asElement())) {
      return types.erasure(t);
    }
    TypeMirror named = nameableSupertype(t, types);
    return named == null ? elements.getTypeElement("java.lang.Object").asType()
        : visibleType(named, types, elements);
  }

  /**
   * The nearest supertype of a private class that generated code can name, other than Object
   * ({@code Diff<T>} for {@code private class SDiff<T> extends Diff<T>}), or null if none: a
   * value held as that type still goes where the source passes it.
   */
  private static TypeMirror nameableSupertype(TypeMirror t, Types types) {
    for (TypeMirror s : types.directSupertypes(t)) {
      if (s.getKind() == TypeKind.DECLARED && nameable((TypeElement) ((DeclaredType) s).asElement())
          && !((TypeElement) ((DeclaredType) s).asElement()).getQualifiedName()
              .contentEquals("java.lang.Object")) {
        return s;
      }
    }
    for (TypeMirror s : types.directSupertypes(t)) {
      TypeMirror further = s.getKind() == TypeKind.DECLARED ? nameableSupertype(s, types) : null;
      if (further != null) {
        return further;
      }
    }
    return null;
  }

  /** The class literal of {@code t}, erased: {@code Box.class}, or a private class's looked up by name. */
  public static CodeBlock classLiteral(TypeMirror t, Types types, Elements elements) {
    TypeMirror erased = types.erasure(t);
    if (!mentioned(erased)) {
      return CodeBlock.of("$T.class", TypeName.get(erased));
    }
    if (erased.getKind() == TypeKind.ARRAY) {
      return CodeBlock.of("$L.arrayType()",
          classLiteral(((ArrayType) erased).getComponentType(), types, elements));
    }
    TypeElement type = (TypeElement) types.asElement(erased);
    TypeElement top = topLevel(type);
    return CodeBlock.of("$T.nestedClass($T.class, $S)", RuntimeNames.PRIVATE_ACCESS,
        ClassName.get(top), elements.getBinaryName(type).toString());
  }

  /** The outermost class around {@code type} (itself if top-level). */
  public static TypeElement topLevel(TypeElement type) {
    TypeElement top = type;
    while (top.getEnclosingElement() instanceof TypeElement) {
      top = (TypeElement) top.getEnclosingElement();
    }
    return top;
  }

  /** A javadoc reference to {@code member} of {@code type}: a link if it can be named. */
  public static CodeBlock javadocReference(TypeElement type, String member) {
    return nameable(type) ? CodeBlock.of("{@link $T#$L}", ClassName.get(type), member)
        : CodeBlock.of("{@code $L.$L}", type.getQualifiedName(), member);
  }
}
