package org.await4j.testing;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/** Loads the classes of an in-memory compilation (Google compile-testing) to run them. */
public final class CompiledClasses {
  private CompiledClasses() {}

  /** A class loader for the class files {@code c} wrote, child of the test's own loader. */
  public static ClassLoader loader(Compilation c) {
    Map<String, byte[]> classes = byName(c.generatedFiles());
    return new ClassLoader(CompiledClasses.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }

  /** The bytes of the class files among {@code files}, by binary class name. */
  public static Map<String, byte[]> byName(Iterable<? extends JavaFileObject> files) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject f : files) {
      if (f.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = f.toUri().getPath();
      String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(),
          path.length() - ".class".length()).replace('/', '.');
      try (InputStream in = f.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return classes;
  }
}
