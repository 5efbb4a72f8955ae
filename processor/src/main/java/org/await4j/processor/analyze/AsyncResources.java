package org.await4j.processor.analyze;

import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Which try-with-resources resources a body awaits the close of. */
public final class AsyncResources {
  private AsyncResources() {}

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
