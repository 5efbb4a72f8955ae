package org.await4j.processor;

/** {@link Harness} for tests in other packages. */
public final class TestCompiler {
  private TestCompiler() {}

  /** Compiles {@code source} with the processor, asserts success, returns a loader for it. */
  public static ClassLoader compileAndLoad(String name, String source) {
    return Harness.compileAndLoad(name, source);
  }
}
