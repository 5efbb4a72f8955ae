package org.await4j.processor.lower;

/** A jump target, bound to a state number once that state exists. */
public final class Label {
  final int depth;
  public int id = -1;
  int refs;

  Label(int depth) {
    this.depth = depth;
  }

  @Override
  public String toString() {
    return Integer.toString(id);
  }
}
