package org.await4j.processor.corpus;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.await4j.testing.CompiledClasses;

/**
 * Loads a rewritten library class and its generated twin together with the rest of that library
 * from the library's own jar, child first: package-private access needs one runtime package, so
 * the rewritten class cannot live in a loader apart from its neighbours.
 */
final class LibraryLoader extends URLClassLoader {
  private final Map<String, byte[]> compiled;
  private final String packagePrefix;

  LibraryLoader(Iterable<JavaFileObject> classFiles, URL libraryJar, String packagePrefix) {
    super(new URL[] {libraryJar}, LibraryLoader.class.getClassLoader());
    this.packagePrefix = packagePrefix;
    this.compiled = CompiledClasses.byName(classFiles);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        byte[] bytes = compiled.get(name);
        if (bytes != null) {
          c = defineClass(name, bytes, 0, bytes.length);
        } else if (name.startsWith(packagePrefix)) {
          c = findClass(name);
        } else {
          return super.loadClass(name, resolve);
        }
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }
}
