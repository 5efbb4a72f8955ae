package org.await4j.processor.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;

/**
 * A library of the corpus: its sources come from its {@code sources} jar and its classes from
 * its binary jar, both test dependencies of this module (see processor/pom.xml).
 */
record Library(String name, String packagePrefix, Class<?> anchor, List<String> slice) {

  /** The source text of {@code path} ({@code org/x/Y.java}) from the sources jar. */
  String source(String path) {
    try (InputStream in = anchor.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no " + path + " on the test class path: is the "
            + name + " sources jar a test dependency?");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The binary jar. */
  URL classes() {
    return anchor.getProtectionDomain().getCodeSource().getLocation();
  }

  /** Every top-level source file of the library, sorted (package-info and module-info left out). */
  List<String> allSources() {
    String anchorPath = anchor.getName().replace('.', '/') + ".java";
    URL url = anchor.getClassLoader().getResource(anchorPath);
    try {
      JarURLConnection c = (JarURLConnection) url.openConnection();
      c.setUseCaches(false);
      List<String> paths = new ArrayList<>();
      try (JarFile jar = c.getJarFile()) {
        jar.stream().map(e -> e.getName())
            .filter(n -> n.startsWith(packagePrefix.replace('.', '/')) && n.endsWith(".java"))
            .filter(n -> !n.endsWith("package-info.java") && !n.endsWith("module-info.java"))
            .forEach(paths::add);
      }
      Collections.sort(paths);
      return paths;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
