package org.await4j.processor.analyze;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.await4j.processor.find.AsyncAnnotation;

/** Which try-with-resources resources a body awaits the close of. */
public final class AsyncResources {
  private AsyncResources() {}

  /** The method {@code name()} (no parameters) that values of {@code type} have; or null. */
  public static ExecutableElement method(TypeMirror type, String name, Elements elements) {
    if (!(type instanceof DeclaredType)) {
      return null;
    }
    for (ExecutableElement m : ElementFilter.methodsIn(
        elements.getAllMembers((TypeElement) ((DeclaredType) type).asElement()))) {
      if (m.getSimpleName().contentEquals(name) && m.getParameters().isEmpty()) {
        return m;
      }
    }
    return null;
  }

  /** {@link #method}, if it is {@code @Async}. */
  public static ExecutableElement asyncMethod(TypeMirror type, String name, Elements elements) {
    ExecutableElement m = method(type, name, elements);
    return m != null && AsyncAnnotation.isOn(m) ? m : null;
  }

  /**
   * Whether a resource of this static type is an {@code org.await4j.AsyncCloseable} (a declared
   * type, or a type variable bounded by one), whose {@code closeAsync()} the try's end awaits.
   */
  public static boolean isAsyncCloseable(TypeMirror type, Types types, Elements elements) {
    TypeElement asyncCloseable = elements.getTypeElement("org.await4j.AsyncCloseable");
    return asyncCloseable != null && type != null
        && (type.getKind() == TypeKind.DECLARED || type.getKind() == TypeKind.TYPEVAR)
        && types.isAssignable(types.erasure(type), types.erasure(asyncCloseable.asType()));
  }
}
