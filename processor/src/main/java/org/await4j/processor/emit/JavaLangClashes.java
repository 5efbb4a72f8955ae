package org.await4j.processor.emit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The {@code java.lang} classes that a class of the source's own package hides ({@code
 * q.Integer}): generated code in that package must name them in full ({@code
 * java.lang.Integer}), as JavaPoet does for the names given to {@code alwaysQualify}. Read from
 * the classes the compilation's sources declare (listing a package's members while processing
 * makes javac complete them too early: it crashed on type annotations), so a class of that name
 * in a library's split package is not seen.
 */
public final class JavaLangClashes {
  /** The public classes of java.lang, JDK 17 to 25. */
  private static final Set<String> JAVA_LANG = Set.of(("AbstractMethodError Appendable"
      + " ArithmeticException ArrayIndexOutOfBoundsException ArrayStoreException AssertionError"
      + " AutoCloseable Boolean BootstrapMethodError Byte CharSequence Character Class"
      + " ClassCastException ClassCircularityError ClassFormatError ClassLoader"
      + " ClassNotFoundException ClassValue CloneNotSupportedException Cloneable Comparable"
      + " Compiler Deprecated Double Enum EnumConstantNotPresentException Error Exception"
      + " ExceptionInInitializerError Float FunctionalInterface IO IllegalAccessError"
      + " IllegalAccessException IllegalArgumentException IllegalCallerException"
      + " IllegalMonitorStateException IllegalStateException IllegalThreadStateException"
      + " IncompatibleClassChangeError IndexOutOfBoundsException InheritableThreadLocal"
      + " InstantiationError InstantiationException Integer InternalError InterruptedException"
      + " Iterable LayerInstantiationException LinkageError Long MatchException Math Module"
      + " ModuleLayer NegativeArraySizeException NoClassDefFoundError NoSuchFieldError"
      + " NoSuchFieldException NoSuchMethodError NoSuchMethodException NullPointerException"
      + " Number NumberFormatException Object OutOfMemoryError Override Package Process"
      + " ProcessBuilder ProcessHandle Readable Record ReflectiveOperationException Runnable"
      + " Runtime RuntimeException RuntimePermission SafeVarargs ScopedValue SecurityException"
      + " SecurityManager Short StableValue StackOverflowError StackTraceElement StackWalker"
      + " StrictMath String StringBuffer StringBuilder StringIndexOutOfBoundsException"
      + " StringTemplate SuppressWarnings System Thread ThreadDeath ThreadGroup ThreadLocal"
      + " Throwable TypeNotPresentException UnknownError UnsatisfiedLinkError"
      + " UnsupportedClassVersionError UnsupportedOperationException VerifyError"
      + " VirtualMachineError Void WrongThreadException").split(" "));

  /** Per package, the java.lang names its source classes take. */
  private final Map<String, Set<String>> byPackage = new HashMap<>();

  /** Notes the top-level classes of a round's sources. */
  public void note(Iterable<? extends Element> roots, Elements elements) {
    for (Element root : roots) {
      if (root instanceof TypeElement && JAVA_LANG.contains(root.getSimpleName().toString())) {
        byPackage.computeIfAbsent(elements.getPackageOf(root).getQualifiedName().toString(),
            k -> new HashSet<>()).add(root.getSimpleName().toString());
      }
    }
  }

  /** The java.lang names that generated code in {@code type}'s package must qualify. */
  String[] of(TypeElement type, Elements elements) {
    Set<String> names = byPackage.get(elements.getPackageOf(type).getQualifiedName().toString());
    return names == null ? new String[0] : names.toArray(new String[0]);
  }

  /** How generated code names {@code java.lang.Object} in a package with these clashes. */
  static String object(String[] clashes) {
    return java.util.Arrays.asList(clashes).contains("Object") ? "java.lang.Object" : "Object";
  }
}
