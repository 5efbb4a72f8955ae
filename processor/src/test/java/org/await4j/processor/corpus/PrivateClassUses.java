package org.await4j.processor.corpus;

import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import org.await4j.processor.find.PrivateClasses;

/**
 * With {@code -Dcorpus.privateClasses=keep}: the private nested classes whose methods the
 * rewriter leaves without {@code @Async} because the processor refuses their twin (an
 * interface; an abstract method). Every use of private classes in bodies is
 * left to the processor, and so tested; what it rejects at its own position is counted as a
 * rejection.
 */
final class PrivateClassUses {
  private PrivateClassUses() {}

  static String skipReason(Trees trees, TreePath method, ExecutableElement m) {
    String noTwin = PrivateClasses.whyNoTwin((TypeElement) m.getEnclosingElement(), List.of(m),
        trees);
    return noTwin == null ? null : "a private class that " + noTwin;
  }
}
