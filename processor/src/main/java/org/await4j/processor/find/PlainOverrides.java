package org.await4j.processor.find;

import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * An {@code @Async} method that overrides a plain one ({@code Repo.load}, implemented by an
 * {@code @Async DbRepo.load}): a call through the plain method is no suspension point, so it
 * runs the source method as plain code, whose awaits fail on a loop. Worth a warning.
 */
public final class PlainOverrides {
  private PlainOverrides() {}

  /** The first plain method {@code m} overrides, searching the supertypes nearest first; or null. */
  public static ExecutableElement of(TypeElement type, ExecutableElement m, Elements elements,
      Types types) {
    for (TypeMirror s : types.directSupertypes(type.asType())) {
      ExecutableElement found = in(s, type, m, elements, types);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static boolean isClose(ExecutableElement m) {
    String owner = ((javax.lang.model.element.TypeElement) m.getEnclosingElement())
        .getQualifiedName().toString();
    return m.getSimpleName().contentEquals("close")
        && (owner.equals("java.lang.AutoCloseable") || owner.equals("java.io.Closeable"));
  }

  private static ExecutableElement in(TypeMirror supertype, TypeElement type, ExecutableElement m,
      Elements elements, Types types) {
    if (!(supertype instanceof DeclaredType)) {
      return null;
    }
    Element s = ((DeclaredType) supertype).asElement();
    for (ExecutableElement other : ElementFilter.methodsIn(s.getEnclosedElements())) {
      if (other.getSimpleName().equals(m.getSimpleName()) && elements.overrides(m, other, type)) {
        // an @Async one there dispatches to m's machine itself; AutoCloseable's close() is
        // called by try-with-resources, which awaits an @Async close
        return AsyncAnnotation.isOn(other) || isClose(other) ? null : other;
      }
    }
    for (TypeMirror up : types.directSupertypes(supertype)) {
      ExecutableElement found = in(up, type, m, elements, types);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
