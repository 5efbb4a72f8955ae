package org.await4j.benchmarks;

/**
 * W4m: W4 on a mixed tree, as applications are: the same 500 classes, of which one in ten has
 * its four methods {@code @Async} and the others are the same code as plain methods.
 */
public class W4MixedJavac extends W4Javac {
  @Override
  int asyncEvery() {
    return 10;
  }
}
