package org.await4j.processor;

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
final class Signatures {
  private Signatures() {}

  static boolean isAbstractOrNative(ExecutableElement m) {
    return m.getModifiers().contains(Modifier.ABSTRACT) || m.getModifiers().contains(Modifier.NATIVE);
  }

  static boolean isStatic(ExecutableElement m) {
    return m.getModifiers().contains(Modifier.STATIC);
  }

  /** The boxed return type: {@code Void} for {@code void}. */
  static TypeName boxedResult(ExecutableElement m, Types types) {
    TypeMirror r = m.getReturnType();
    if (r.getKind() == TypeKind.VOID) {
      return ClassName.get(Void.class);
    }
    if (r.getKind().isPrimitive()) {
      return TypeName.get(types.boxedClass((javax.lang.model.type.PrimitiveType) r).asType());
    }
    return TypeName.get(r);
  }

  /** The type of {@code self}: the class with its own type parameters, {@code Box<T>}. */
  static TypeName selfType(TypeElement type) {
    ClassName raw = ClassName.get(type);
    if (type.getTypeParameters().isEmpty()) {
      return raw;
    }
    List<TypeName> args = new ArrayList<>();
    for (TypeParameterElement p : type.getTypeParameters()) {
      args.add(TypeVariableName.get(p.getSimpleName().toString()));
    }
    return ParameterizedTypeName.get(raw, args.toArray(new TypeName[0]));
  }

  /** The class's type parameters (for an instance method) followed by the method's own. */
  static List<TypeVariableName> typeVariables(TypeElement type, ExecutableElement m) {
    List<TypeVariableName> vars = new ArrayList<>();
    if (!isStatic(m)) {
      for (TypeParameterElement p : type.getTypeParameters()) {
        vars.add(TypeVariableName.get(p));
      }
    }
    for (TypeParameterElement p : m.getTypeParameters()) {
      vars.add(TypeVariableName.get(p));
    }
    return vars;
  }

  /** {@code page(URI)} with erased parameter types, as a Javadoc link needs. */
  static String javadocSignature(ExecutableElement m, Types types) {
    return m.getSimpleName() + m.getParameters().stream()
        .map(p -> types.erasure(p.asType()).toString())
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
