package org.await4j.processor.find;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Whether an attributed body has compile errors of its own (a name that does not resolve, a
 * missing import): javac reports them in the source, and the processor must not repeat them
 * in generated code, so such a body gets a stand-in machine.
 */
public final class BodyErrors {
  private BodyErrors() {}

  public static boolean any(TreePath body, Trees trees) {
    Boolean found = new TreePathScanner<Boolean, Void>() {
      @Override
      public Boolean scan(Tree tree, Void v) {
        if (tree instanceof ExpressionTree || tree instanceof VariableTree) {
          TypeMirror type = trees.getTypeMirror(new TreePath(getCurrentPath(), tree));
          if (type != null && type.getKind() == TypeKind.ERROR) {
            return true;
          }
        }
        return Boolean.TRUE.equals(super.scan(tree, v)) ? true : null;
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b) ? true : null;
      }
    }.scan(body, null);
    return Boolean.TRUE.equals(found);
  }
}
