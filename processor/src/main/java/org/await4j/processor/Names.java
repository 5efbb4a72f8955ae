package org.await4j.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Names of generated classes: the twin {@code Outer_InnerAsync} and one machine per method. */
final class Names {
  private Names() {}

  /** {@code shop.Catalog} gives {@code shop.CatalogAsync}; {@code Outer.Inner}, {@code Outer_InnerAsync}. */
  static ClassName twin(TypeElement type, Elements elements) {
    PackageElement pkg = elements.getPackageOf(type);
    StringBuilder flat = new StringBuilder();
    for (Element e = type; e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
      flat.insert(0, flat.length() == 0 ? e.getSimpleName() : e.getSimpleName() + "_");
    }
    return ClassName.get(pkg.getQualifiedName().toString(), flat + "Async");
  }

  /**
   * One machine class per @Async method, named {@code CatalogAsync_page}; overloads get {@code
   * _2}, {@code _3} in declaration order, so round one (stubs) and a later round (machines)
   * agree.
   */
  static Map<ExecutableElement, ClassName> machines(ClassName twin, List<ExecutableElement> methods) {
    Map<ExecutableElement, ClassName> names = new HashMap<>();
    List<String> used = new ArrayList<>();
    for (ExecutableElement m : methods) {
      String base = twin.simpleName() + "_" + m.getSimpleName();
      String name = base;
      for (int i = 2; used.contains(name); i++) {
        name = base + "_" + i;
      }
      used.add(name);
      names.put(m, twin.peerClass(name));
    }
    return names;
  }
}
