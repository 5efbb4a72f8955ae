package org.await4j.processor.analyze;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.await4j.processor.Diagnostics;
import org.await4j.processor.Problem;
import org.await4j.processor.find.AsyncAnnotation;

/**
 * Finds the suspension points of a body ({@code Await.await(...)} and calls to {@code @Async}
 * methods), which trees contain one, and reports suspension points where none may be.
 */
public final class Suspensions {
  private final Map<Tree, ExecutableElement> points = new HashMap<>();
  private final Set<Tree> containing = new HashSet<>();
  private final java.util.List<TreePath> paths = new java.util.ArrayList<>();

  /** Whether {@code tree} is or contains a suspension point (outside lambdas and classes). */
  public boolean contains(Tree tree) {
    return tree != null && containing.contains(tree);
  }

  /** The suspension points, in source order. */
  public java.util.List<TreePath> points() {
    return java.util.Collections.unmodifiableList(paths);
  }

  /** The callee if {@code tree} is a suspension point, else null. */
  public ExecutableElement callee(Tree tree) {
    return points.get(tree);
  }

  public static boolean isAwait(ExecutableElement callee) {
    return callee.getSimpleName().contentEquals("await")
        && ((TypeElement) callee.getEnclosingElement()).getQualifiedName()
            .contentEquals("org.await4j.Await");
  }

  public static Suspensions scan(TreePath body, Trees trees, Types types, Elements elements,
      Diagnostics diagnostics) {
    Suspensions s = new Suspensions();
    CompilationUnitTree unit = body.getCompilationUnit();
    Element method = trees.getElement(body.getParentPath());
    Boolean any = new TreePathScanner<Boolean, Void>() {
      /** Why a suspension point here is forbidden, or null where it is allowed. */
      private Problem forbidden;

      @Override
      public Boolean scan(Tree tree, Void unused) {
        Boolean r = super.scan(tree, unused);
        if (Boolean.TRUE.equals(r)) {
          s.containing.add(tree);
        }
        return Boolean.TRUE.equals(r);
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }

      @Override
      public Boolean visitMethodInvocation(MethodInvocationTree call, Void unused) {
        boolean inside = Boolean.TRUE.equals(super.visitMethodInvocation(call, unused));
        Tree select = call.getMethodSelect();
        Element e = trees.getElement(new TreePath(getCurrentPath(), select));
        if (e instanceof ExecutableElement && e.getKind() == ElementKind.METHOD
            && (isAwait((ExecutableElement) e) || AsyncAnnotation.isOn(e))) {
          if (forbidden != null) {
            diagnostics.error(forbidden, call, unit);
            return inside;
          }
          s.points.put(call, (ExecutableElement) e);
          s.paths.add(getCurrentPath());
          return true;
        }
        return inside;
      }

      /**
       * A try-with-resources over an AsyncCloseable awaits its closeAsync() at the end (over a
       * resource whose close() is @Async, that close), whether or not its block waits (try
       * (TaskGroup g = ...) { g.start(...); }); its block is where locals must outlive that wait.
       */
      @Override
      public Boolean visitTry(TryTree node, Void unused) {
        boolean inside = Boolean.TRUE.equals(super.visitTry(node, unused));
        if (forbidden != null) {
          return inside; // plain code: its close() runs as the blocking run's does
        }
        for (Tree resource : node.getResources()) {
          TypeMirror type = trees.getTypeMirror(new TreePath(getCurrentPath(), resource));
          if (AsyncResources.isAsyncCloseable(type, types, elements)
              || AsyncResources.asyncMethod(type, "close", elements) != null) {
            s.paths.add(new TreePath(getCurrentPath(), node.getBlock()));
            return true;
          }
        }
        return inside;
      }

      /** An iterator with @Async hasNext()/next() (a paging cursor): the loop calls them plainly. */
      @Override
      public Boolean visitEnhancedForLoop(EnhancedForLoopTree node, Void unused) {
        Boolean inside = super.visitEnhancedForLoop(node, unused);
        TypeMirror iterable = trees.getTypeMirror(new TreePath(getCurrentPath(), node.getExpression()));
        ExecutableElement iterator = AsyncResources.method(iterable, "iterator", elements);
        TypeMirror cursor = iterator == null ? null : iterator.getReturnType(); // its class's methods
        for (String name : new String[] {"hasNext", "next"}) {
          ExecutableElement async = AsyncResources.asyncMethod(cursor, name, elements);
          if (forbidden == null && async != null) {
            diagnostics.warning(Problem.IMPLICIT_CALL_OF_ASYNC, method, node.getExpression(), unit,
                async.getEnclosingElement().getSimpleName() + "." + name + "()");
            break;
          }
        }
        return inside;
      }

      @Override
      public Boolean visitMemberReference(MemberReferenceTree ref, Void unused) {
        boolean inside = Boolean.TRUE.equals(scan(ref.getQualifierExpression(), unused));
        Element e = trees.getElement(getCurrentPath());
        if (e instanceof ExecutableElement && e.getKind() == ElementKind.METHOD
            && (isAwait((ExecutableElement) e) || AsyncAnnotation.isOn(e))) {
          // called through the functional interface, it would run blocking on the loop
          diagnostics.error(Problem.SUSPEND_IN_METHOD_REFERENCE, ref, unit, ref);
        }
        return inside;
      }

      @Override
      public Boolean visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
        return within(Problem.SUSPEND_IN_LAMBDA, lambda.getBody());
      }

      @Override
      public Boolean visitClass(ClassTree type, Void unused) {
        return within(Problem.SUSPEND_IN_CLASS, type.getMembers());
      }

      @Override
      public Boolean visitSynchronized(SynchronizedTree sync, Void unused) {
        boolean lock = scan(sync.getExpression(), unused);
        within(Problem.SUSPEND_IN_SYNCHRONIZED, sync.getBlock());
        return lock;
      }

      @Override
      public Boolean visitMemberSelect(MemberSelectTree select, Void unused) {
        return scan(select.getExpression(), unused);
      }

      private Boolean within(Problem problem, Object trees) {
        Problem outer = forbidden;
        forbidden = forbidden != null ? forbidden : problem;
        try {
          if (trees instanceof Tree) {
            scan((Tree) trees, null);
          } else {
            @SuppressWarnings("unchecked")
            Iterable<? extends Tree> list = (Iterable<? extends Tree>) trees;
            scan(list, null);
          }
        } finally {
          forbidden = outer;
        }
        return false;
      }
    }.scan(body, null);
    if (Boolean.TRUE.equals(any)) {
      s.containing.add(body.getLeaf());
    }
    return s;
  }
}
