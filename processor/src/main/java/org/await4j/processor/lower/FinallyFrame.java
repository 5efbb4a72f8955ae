package org.await4j.processor.lower;

/** A finally block being lowered: where it goes when it ends, and what it rethrows. */
final class FinallyFrame {
  final Label entry;
  final Label catchAll;
  final String next;
  final String thrown;

  FinallyFrame(Label entry, Label catchAll, String next, String thrown) {
    this.entry = entry;
    this.catchAll = catchAll;
    this.next = next;
    this.thrown = thrown;
  }
}
