package org.await4j.processor.lower;

import org.await4j.processor.analyze.CatchUses;
import org.await4j.processor.find.Unnameable;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.UnionType;

/**
 * try/catch/finally and try-with-resources that suspend (Roslyn's AsyncExceptionHandlerRewriter):
 * a handler state per region, a pending-exit record per finally, closes as JLS 14.20.3 defines
 * them, awaited for an {@code AsyncCloseable}.
 */
final class TryLowering extends Pass {
  String caughtField;

  TryLowering(Lowerer lowerer) {
    super(lowerer);
  }

  void tryStatement(TreePath path, TryTree s) {
    if (!s.getResources().isEmpty() && s.getCatches().isEmpty() && s.getFinallyBlock() == null) {
      resources(path, s, 0);
      return;
    }
    boolean hasCatches = !s.getCatches().isEmpty();
    Label after = body.label();
    FinallyFrame frame = null;
    if (s.getFinallyBlock() != null) {
      frame = new FinallyFrame(body.label(), body.label(), names.synthetic("finallyNext"), names.synthetic("finallyThrown"));
      body.field(TypeName.INT, frame.next);
      body.field(ClassName.get(Throwable.class), frame.thrown);
      body.finallies.add(frame);
    }
    Label dispatch = hasCatches ? body.label() : null;
    caught();
    body.handlers.add(hasCatches ? dispatch : frame.catchAll);
    body.startState(body.label(), s.getBlock(), true, body.currentHandler());
    if (s.getResources().isEmpty()) {
      lowerer.statement(new TreePath(path, s.getBlock()));
    } else {
      resources(path, s, 0); // JLS 14.20.3.2: the resources are a try inside this one
    }
    body.jump(after);
    body.handlers.remove(body.handlers.size() - 1);
    if (hasCatches) {
      if (frame != null) {
        body.handlers.add(frame.catchAll);
      }
      catches(path, s, dispatch, after);
      if (frame != null) {
        body.handlers.remove(body.handlers.size() - 1);
      }
    }
    if (frame != null) {
      body.finallies.remove(body.finallies.size() - 1);
      body.startState(frame.catchAll, s.getFinallyBlock(), true, body.currentHandler());
      body.emit(takeCaught(frame.thrown));
      body.startState(frame.entry, s.getFinallyBlock(), true, body.currentHandler());
      lowerer.statement(new TreePath(path, s.getFinallyBlock()));
      endFinally(frame);
    }
    body.bind(after, null);
  }

  /** After a finally block: rethrow what was pending, else go where the try was leaving to. */
  private void endFinally(FinallyFrame frame) {
    if (body.current == null) {
      return;
    }
    String t = names.synthetic("pending");
    body.emit(CodeBlock.builder()
        .beginControlFlow("if ($L != null)", frame.thrown)
        .addStatement("$T $L = $L", Throwable.class, t, frame.thrown)
        .addStatement("$L = null", frame.thrown)
        .addStatement("throw $L", t)
        .endControlFlow()
        .add("state = $L; continue $L;\n", frame.next, lowerer.resume())
        .build());
    body.current = null;
  }

  /**
   * try-with-resources as JLS 14.20.3.1 defines it: each resource is a try whose finally
   * closes it, keeping the close's failure as suppressed when the body already failed.
   */
  private void resources(TreePath path, TryTree s, int index) {
    if (index == s.getResources().size()) {
      lowerer.statement(new TreePath(path, s.getBlock()));
      return;
    }
    Tree resource = s.getResources().get(index);
    TreePath resourcePath = new TreePath(path, resource);
    String name;
    TypeMirror resourceType;
    if (resource instanceof VariableTree) {
      lowerer.declare(resourcePath);
      Element element = ctx.trees.getElement(resourcePath);
      resourceType = element.asType();
      name = body.hoisted.get(element);
      body.cleared.add(element); // read by the close at the end, which liveness does not see
      body.kept.add(element);
    } else {
      name = names.synthetic("resource");
      resourceType = ctx.trees.getTypeMirror(resourcePath);
      body.field(lowerer.typeOf(resourceType, resource), name);
      body.emit(CodeBlock.of("$L = $L;\n", name, slicer.readBack(resourcePath, exprs().value(resourcePath))));
    }
    FinallyFrame frame = new FinallyFrame(body.label(), body.label(), names.synthetic("finallyNext"), names.synthetic("finallyThrown"));
    body.field(TypeName.INT, frame.next);
    body.field(ClassName.get(Throwable.class), frame.thrown);
    Label after = body.label();
    caught();
    body.finallies.add(frame);
    body.handlers.add(frame.catchAll);
    body.startState(body.label(), index + 1 < s.getResources().size()
        ? s.getResources().get(index + 1) : s.getBlock(), true, body.currentHandler());
    resources(path, s, index + 1);
    body.jump(after);
    body.handlers.remove(body.handlers.size() - 1);
    body.finallies.remove(body.finallies.size() - 1);
    body.startState(frame.catchAll, resource, true, body.currentHandler());
    body.emit(takeCaught(frame.thrown));
    body.startState(frame.entry, resource, true, body.currentHandler());
    // javac puts the close at the end of the try block: so do the comment and stack traces
    String closeLine = "line " + ctx.line(slicer.end(s.getBlock()) - 1) + ": ";
    body.current.comment = closeLine + "close " + name + ", declared on " + body.comment(resource);
    String suppressed = names.synthetic("closeFailure");
    javax.lang.model.element.ExecutableElement asyncClose = isAsyncCloseable(resourceType) ? null
        : org.await4j.processor.analyze.AsyncResources.asyncMethod(resourceType, "close", ctx.elements);
    if (isAsyncCloseable(resourceType) || asyncClose != null) {
      // closeAsync() is awaited: the close may suspend (a task group waiting for its children);
      // an @Async close() is awaited through its twin, as a call of it in the body would be
      CodeBlock close = asyncClose == null ? CodeBlock.of("$L.closeAsync()", name)
          : CodeBlock.of("$T.close($L)", org.await4j.processor.find.Names.twin(
              (javax.lang.model.element.TypeElement) asyncClose.getEnclosingElement(), ctx.elements),
              name);
      Label closed = body.label();
      Label awaitedClose = body.label();
      awaitedClose.refs++;
      body.jumpIf(CodeBlock.of("$L == null", name), closed);
      if (fast) {
        body.emit(CodeBlock.builder()
            .addStatement("$L = $L", Lowerer.AWAITED, close)
            // what the catch and finally blocks after the close read is live
            .add(awaits().spillIf(CodeBlock.of("!fastDone($L)", Lowerer.AWAITED), awaitedClose,
                Lowerer.AWAITED, new TreePath(path, s.getBlock())))
            .addStatement("state = $L", awaitedClose)
            .build());
      } else {
        body.emit(CodeBlock.builder()
            .beginControlFlow("if (suspend($L, $L))", close, awaitedClose)
            .addStatement("$L", lowerer.stop)
            .endControlFlow()
            .build());
      }
      body.startState(awaitedClose, resource, false, body.currentHandler(), true);
      body.current.comment = closeLine + "closed " + name + (asyncClose == null ? " (closeAsync)"
          : " (close)") + ", declared on "
          + body.comment(resource);
      body.emit(CodeBlock.builder()
          .beginControlFlow("if ($L != null)", frame.thrown)
          .beginControlFlow("try")
          .addStatement("$L", awaits().awaitedValue())
          .nextControlFlow("catch ($T $L)", Throwable.class, suppressed)
          .addStatement("$L.addSuppressed($L)", frame.thrown,
              EditScanner.made(CodeBlock.of("$L", suppressed)))
          .endControlFlow()
          .nextControlFlow("else")
          .addStatement("$L", awaits().awaitedValue())
          .endControlFlow()
          .build());
      body.bind(closed, null);
    } else {
      body.emit(CodeBlock.builder()
          .beginControlFlow("if ($L != null)", name)
          .beginControlFlow("if ($L != null)", frame.thrown)
          // javac puts this close, after the block threw, at the resource; the other at the end
          .add("// line $L: close $L as the block threw\n", ctx.line(slicer.start(resource)), name)
          .beginControlFlow("try")
          .addStatement("$L.close()", name)
          .nextControlFlow("catch ($T $L)", Throwable.class, suppressed)
          .addStatement("$L.addSuppressed($L)", frame.thrown,
              EditScanner.made(CodeBlock.of("$L", suppressed)))
          .endControlFlow()
          .nextControlFlow("else")
          .add("// $L\n", body.current.comment.replace("\\u", "\\ u"))
          .addStatement("$L.close()", name)
          .endControlFlow()
          .endControlFlow()
          .build());
    }
    if (isScopeExit(resourceType)) {
      // asyncio's __aexit__: the closed scope sees how the block ended and may replace its
      // exception (a Timeout turns its own cancellation into a TimeoutException)
      body.emit(CodeBlock.builder()
          .beginControlFlow("if ($L != null)", name)
          .addStatement("$L = $L.bodyEnded($L)", frame.thrown, name, frame.thrown)
          .endControlFlow()
          .build());
    }
    endFinally(frame);
    body.bind(after, null);
  }

  /** Whether a resource is an {@code org.await4j.internal.ScopeExit}, which may replace the exception. */
  private boolean isScopeExit(TypeMirror type) {
    TypeElement scopeExit = ctx.elements.getTypeElement("org.await4j.internal.ScopeExit");
    return scopeExit != null && type != null && type.getKind() == TypeKind.DECLARED
        && ctx.types.isAssignable(ctx.types.erasure(type), ctx.types.erasure(scopeExit.asType()));
  }

  /** Whether a resource is an {@code org.await4j.AsyncCloseable}, whose close can suspend. */
  private boolean isAsyncCloseable(TypeMirror type) {
    return org.await4j.processor.analyze.AsyncResources.isAsyncCloseable(type, ctx.types, ctx.elements);
  }

  private void catches(TreePath path, TryTree s, Label dispatch, Label after) {
    body.startState(dispatch, s.getCatches().get(0), true, body.currentHandler());
    List<Label> bodies = new ArrayList<>();
    for (CatchTree c : s.getCatches()) {
      TreePath catchPath = new TreePath(path, c);
      TreePath paramPath = new TreePath(catchPath, c.getParameter());
      Element param = ctx.trees.getElement(paramPath);
      String name = names.hoistName(c.getParameter().getName().toString());
      body.hoisted.put(param, name);
      List<TypeMirror> alternatives = new ArrayList<>();
      TypeMirror declared = param.asType();
      if (declared instanceof UnionType) {
        alternatives.addAll(((UnionType) declared).getAlternatives());
        declared = commonSuperclass(alternatives);
      } else {
        alternatives.add(declared);
      }
      TypeName type = lowerer.typeOf(declared, c.getParameter());
      lowerer.hoist(param, type, name);
      CodeBlock.Builder test = CodeBlock.builder();
      for (int i = 0; i < alternatives.size(); i++) {
        TypeMirror alternative = alternatives.get(i);
        if (Unnameable.mentioned(ctx.types.erasure(alternative))) {
          // a private exception class: tested through its class (see PrivateAccessors)
          test.add(i == 0 ? "" : " || ").add("$L.isInstance($L)",
              ctx.privateAccessors.classConstant(alternative), caughtField);
        } else {
          test.add(i == 0 ? "" : " || ").add("$L instanceof $T", caughtField,
              lowerer.typeOf(alternative, c.getParameter()));
        }
      }
      Label catchBody = body.label();
      bodies.add(catchBody);
      catchBody.refs++;
      body.emit(CodeBlock.builder()
          .beginControlFlow("if ($L)", test.build())
          .addStatement("$L = ($T) $L($L)", name, type,
              CatchUses.messageOnly(catchPath, ctx.trees) ? "messageOnly" : "withTrace",
              caughtField)
          .add(lowerer.fast ? CodeBlock.of("") : CodeBlock.of("$L = null;\n", caughtField))
          .add("state = $L; continue $L;\n", catchBody, lowerer.resume())
          .endControlFlow()
          .build());
    }
    if (lowerer.fast) {
      // a local of the shared body, set again by the handler that takes what is thrown
      body.emit(CodeBlock.of("throw $L;\n", caughtField));
    } else {
      String t = names.synthetic("uncaught");
      body.declare(CodeBlock.builder()
          .addStatement("$T $L = $L", Throwable.class, t, caughtField)
          .addStatement("$L = null", caughtField)
          .addStatement("throw $L", t)
          .build());
    }
    body.current = null;
    for (int i = 0; i < s.getCatches().size(); i++) {
      CatchTree c = s.getCatches().get(i);
      body.startState(bodies.get(i), c, true, body.currentHandler());
      lowerer.statement(new TreePath(new TreePath(path, c), c.getBlock()));
      body.jump(after);
    }
  }

  private TypeMirror commonSuperclass(List<TypeMirror> alternatives) {
    TypeMirror candidate = alternatives.get(0);
    while (candidate.getKind() == TypeKind.DECLARED) {
      boolean all = true;
      for (TypeMirror alt : alternatives) {
        all &= ctx.types.isSubtype(ctx.types.erasure(alt), ctx.types.erasure(candidate));
      }
      if (all) {
        return candidate;
      }
      candidate = ((TypeElement) ((DeclaredType) candidate).asElement()).getSuperclass();
    }
    return ctx.elements.getTypeElement("java.lang.Throwable").asType();
  }

  /**
   * A finally block's entry after a failure takes the exception from the handler. The machine's
   * own field is cleared, lest it outlive the failure; the shared body's local is set again by the
   * next handler before anything reads it.
   */
  private CodeBlock takeCaught(String thrown) {
    return lowerer.fast ? CodeBlock.of("$L = $L;\n", thrown, caughtField)
        : CodeBlock.of("$L = $L;\n$L = null;\n", thrown, caughtField, caughtField);
  }

  private String caught() {
    if (caughtField == null) {
      caughtField = names.synthetic("caught");
      if (lowerer.fast) {
        // set where the step loop catches and read by the handler's state right after, with
        // no suspension between: a plain local of the shared body
        lowerer.fastLocals.add(com.palantir.javapoet.FieldSpec.builder(
            ClassName.get(Throwable.class), caughtField).build());
      } else {
        body.field(ClassName.get(Throwable.class), caughtField);
      }
    }
    return caughtField;
  }
}
