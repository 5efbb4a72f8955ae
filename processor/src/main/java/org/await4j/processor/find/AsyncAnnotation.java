package org.await4j.processor.find;

import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * {@code @org.await4j.Async}, known by name: the processor does not load the runtime's classes,
 * so a processor path without the runtime jar cannot make it fail to start.
 */
public final class AsyncAnnotation {
  public static final String NAME = "org.await4j.Async";

  private AsyncAnnotation() {}

  public static boolean isOn(Element e) {
    for (AnnotationMirror a : e.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement()).getQualifiedName()
          .contentEquals(NAME)) {
        return true;
      }
    }
    return false;
  }

  public static Set<? extends Element> in(RoundEnvironment round, Elements elements) {
    TypeElement type = elements.getTypeElement(NAME);
    return type == null ? Set.of() : round.getElementsAnnotatedWith(type);
  }
}
