package org.await4j.processor.lower;

import static org.await4j.processor.lower.LowerTrees.child;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.await4j.processor.RuntimeNames;
import org.await4j.processor.analyze.Liveness;
import org.await4j.processor.analyze.Suspensions;
import org.await4j.processor.find.CallTargets;
import org.await4j.processor.find.Names;
import org.await4j.processor.find.Signatures;

/**
 * The suspension points and the body's ends: an await or a call to another body, on the machine
 * (suspend and resume at the next state) or on the fast path (go on at once, or spill into the
 * machine); returns, through finally blocks; what a wait may clear first.
 */
final class AwaitLowering extends Pass {
  final Liveness liveness;
  private Label returnLabel;
  private String resultField;

  AwaitLowering(Lowerer lowerer) {
    super(lowerer);
    this.liveness = new Liveness(ctx.trees, ctx.methodPath);
  }

  CodeBlock suspend(TreePath path, boolean discard) {
    MethodInvocationTree call = (MethodInvocationTree) path.getLeaf();
    ExecutableElement callee = suspensions.callee(call);
    CodeBlock awaitable;
    CodeBlock fastCall = null;
    TypeName valueType = null;
    boolean isVoid = callee.getReturnType().getKind() == TypeKind.VOID;
    if (Suspensions.isAwait(callee)) {
      TreePath awaited = child(path, call.getArguments().get(0));
      ExecutableElement source = fast ? sourceOfStub(awaited) : null;
      CodeBlock entry = source == null || source.getReturnType().getKind() == TypeKind.VOID && !discard
          ? null : CallTargets.fastEntry(source, false, ctx.elements, ctx.trees, ctx.type);
      if (entry != null) {
        // await(CatalogAsync.page(c, u)) on a fast path: as the direct call c.page(u), the method's
        // own fast path, with no task made when it does not wait
        List<CodeBlock> args = new ArrayList<>();
        awaitable = exprs().stubCall(awaited, (MethodInvocationTree) awaited.getLeaf(),
            (ExecutableElement) ctx.trees.getElement(awaited), args);
        args.add(0, CodeBlock.of("$L", Lowerer.LOOP));
        fastCall = CodeBlock.of("$L($L)", entry, CodeBlock.join(args, ", "));
        isVoid = source.getReturnType().getKind() == TypeKind.VOID;
        valueType = source.getReturnType().getKind().isPrimitive()
            ? TypeName.get(source.getReturnType()) : null;
      } else {
        awaitable = exprs().value(child(path, call.getArguments().get(0)));
      }
    } else {
      List<CodeBlock> args = new ArrayList<>();
      awaitable = exprs().asyncCall(path, call, callee, args);
      // a super call runs the superclass's own body: its fast path would dispatch to us
      CodeBlock entry = fast ? CallTargets.fastEntry(callee, exprs().isSuperCall(call), ctx.elements,
          ctx.trees, ctx.type) : null;
      if (entry != null) {
        args.add(0, CodeBlock.of("$L", Lowerer.LOOP));
        fastCall = CodeBlock.of("$L($L)", entry, CodeBlock.join(args, ", "));
      }
    }
    if (fast) {
      return fastSuspend(path, call, awaitable, fastCall, discard, isVoid, valueType);
    }
    Label next = body.label();
    next.refs++;
    List<String> dead = deadFields(path);
    if (!dead.isEmpty()) {
      // evaluate what to await first, then drop what nothing reads any more, then wait
      TypeName awaitableType = Suspensions.isAwait(callee)
          ? lowerer.typeOf(ctx.trees.getTypeMirror(child(path, call.getArguments().get(0))), call)
          : ParameterizedTypeName.get(RuntimeNames.TASK, WildcardTypeName.subtypeOf(Object.class));
      String local = names.synthetic("awaiting");
      body.declare(CodeBlock.of("$T $L = $L;\n", awaitableType, local, awaitable));
      for (String f : dead) {
        body.emit(CodeBlock.of("$L = null;\n", f));
      }
      awaitable = CodeBlock.of("$L", local);
    }
    body.emit(CodeBlock.builder()
        .beginControlFlow("if (suspend($L, $L))", awaitable, next)
        .addStatement("$L", lowerer.stop)
        .endControlFlow()
        .build());
    body.startState(next, call, false, body.currentHandler(), true);
    if (discard) {
      body.emit(CodeBlock.of("awaited();\n"));
      return null;
    }
    TypeName type = lowerer.typeOf(ctx.trees.getTypeMirror(path), call);
    return CodeBlock.of("(($T) awaited())", type);
  }

  /**
   * {@link #suspend} on the fast path, with the same states and names: an await of a done task
   * goes on at once, one that must wait spills; a direct call to another fast path takes its
   * value, or spills to await what it handed off.
   */
  /**
   * The method {@code path}'s call of a twin stub stands for ({@code CatalogAsync.page(c, u)}:
   * {@code Catalog.page}), or null.
   */
  private ExecutableElement sourceOfStub(TreePath path) {
    if (!(path.getLeaf() instanceof MethodInvocationTree)) {
      return null;
    }
    Element stub = ctx.trees.getElement(path);
    return stub instanceof ExecutableElement
        ? CallTargets.sourceOfTwin((ExecutableElement) stub, ctx.elements, ctx.types, ctx.trees) : null;
  }

  /**
   * {@code isVoid}: the fast call returns nothing; {@code valueType}: the type of the local that
   * takes its value (a primitive where the method returns one; null: the call's type).
   */
  private CodeBlock fastSuspend(TreePath path, MethodInvocationTree call, CodeBlock awaitable,
      CodeBlock fastCall, boolean discard, boolean isVoid, TypeName valueType) {
    Label next = body.label();
    next.refs++;
    CodeBlock.Builder code = CodeBlock.builder();
    CodeBlock value;
    CodeBlock mustWait;
    String waitFor;
    Label spillTo = next;
    if (fastCall != null) {
      if (isVoid || discard) {
        code.addStatement("$L", fastCall);
        value = null;
      } else {
        String result = "call$" + (lowerer.fastLocals.size() + 1);
        TypeName type = valueType != null ? valueType : lowerer.typeOf(ctx.trees.getTypeMirror(path), call);
        lowerer.fastLocals.add(FieldSpec.builder(type, result).build());
        code.addStatement("$L = $L", result, fastCall);
        value = CodeBlock.of("$L", result);
      }
      mustWait = CodeBlock.of("handedOff($L)", Lowerer.LOOP);
      waitFor = "takeHandedOff(" + Lowerer.LOOP + ")";
      spillTo = resumption(next, call, value == null ? null : value.toString(),
          value == null ? null : lowerer.typeOf(ctx.trees.getTypeMirror(path), call).box());
    } else {
      code.addStatement("$L = $L", Lowerer.AWAITED, awaitable);
      value = awaitedValue();
      mustWait = CodeBlock.of("!fastDone($L)", Lowerer.AWAITED);
      waitFor = Lowerer.AWAITED;
    }
    code.add(spillIf(mustWait, spillTo, waitFor, path));
    body.emit(code.build());
    body.startState(next, call, true, body.currentHandler()); // spillAt gave the state its own
    if (discard) {
      if (fastCall == null) {
        body.emit(CodeBlock.of("$L;\n", value));
      }
      return null;
    }
    if (fastCall != null) {
      return value; // a local of the call's type already
    }
    TypeName type = lowerer.typeOf(ctx.trees.getTypeMirror(path), call);
    return CodeBlock.of("(($T) $L)", type, value);
  }

  /** Reading the outcome of the last await: as a statement, for its exception only. */
  CodeBlock awaitedValue() {
    return fast ? CodeBlock.of("fastValue($L, $L)", Lowerer.MACHINE, Lowerer.AWAITED) : CodeBlock.of("awaited()");
  }

  /**
   * Where a machine resumes that waited for what a direct call to another fast path handed off:
   * a state of its own, after the body's, that takes the call's value into {@code local} (null:
   * none, the outcome is read for its exception only) and goes on at {@code next}, as the body
   * does when the call returns its value at once.
   */
  private Label resumption(Label next, Tree call, String local, TypeName boxed) {
    Label entry = body.label();
    entry.refs++;
    next.refs++;
    Label handler = body.currentHandler();
    body.finishers.add(() -> {
      body.startState(entry, call, false, handler);
      body.emit(local == null ? CodeBlock.of("$L;\n", awaitedValue())
          : CodeBlock.of("$L = ($T) $L;\n", local, boxed, awaitedValue()));
      body.emit(CodeBlock.of("state = $L; continue $L;\n", next, lowerer.resume()));
      body.current = null;
    });
    return entry;
  }

  /**
   * Reference fields whose value nothing reads after the suspension at {@code point}: spilled
   * operands already used, and locals that {@link Liveness} finds dead. Each is cleared once.
   */
  private List<String> deadFields(TreePath point) {
    List<String> dead = new ArrayList<>();
    for (Iterator<String> it = body.usedTemps.iterator(); it.hasNext(); ) {
      dead.add(it.next());
      it.remove();
    }
    for (Map.Entry<Element, String> h : body.hoisted.entrySet()) {
      TypeName type = body.fieldTypes.get(h.getValue());
      if (type != null && !type.isPrimitive() && !body.cleared.contains(h.getKey())
          && liveness.deadAfter(h.getKey(), point)) {
        body.cleared.add(h.getKey());
        dead.add(h.getValue());
      }
    }
    java.util.Collections.sort(dead);
    return dead;
  }

  CodeBlock returnWith(CodeBlock value, TreePath expression, boolean viaJava) {
    TypeMirror returnType = ctx.method.getReturnType();
    TypeMirror valueType = expression == null ? null : ctx.trees.getTypeMirror(expression);
    if (value != null && returnType.getKind().isPrimitive()
        && (valueType == null || valueType.getKind() != returnType.getKind())) {
      value = CodeBlock.of("($T) ($L)", TypeName.get(returnType), value);
    }
    if (body.finallies.isEmpty() && !viaJava) {
      return complete(value);
    }
    if (returnLabel == null) {
      returnLabel = new Label(0);
    }
    CodeBlock.Builder b = CodeBlock.builder();
    if (value != null) {
      if (resultField == null) {
        resultField = names.synthetic("result");
        body.field(Signatures.boxedResult(ctx.method, ctx.types), resultField);
      }
      b.add("$L = $L;\n", resultField, value);
    }
    return b.add(body.jumpCode(returnLabel, viaJava)).build();
  }

  /**
   * The body ends with {@code value} (null: none). Run by its machine, the machine completes with
   * it; on the fast path it is returned, and a task object made for the call by {@code
   * Task.current()} completes with it too.
   */
  CodeBlock complete(CodeBlock value) {
    if (fast) {
      return fastComplete(value);
    }
    return value == null ? CodeBlock.of("complete(null);\n$L;\n", lowerer.stop)
        : CodeBlock.of("complete($L);\n$L;\n", value, lowerer.stop);
  }

  private CodeBlock fastComplete(CodeBlock value) {
    TypeName type = ctx.bodyResult();
    if (ctx.method.getReturnType().getKind() == TypeKind.VOID) {
      return CodeBlock.of("return returned($L, $L, $L, null);\n", Lowerer.MACHINE, Lowerer.LOOP,
          Lowerer.OUTER);
    }
    if (value == null) {
      // the end of a body that returns a value: javac makes sure it is never reached
      value = CodeBlock.of("$L", TypeNames.placeholder(type));
    }
    String helper = returnHelper(type);
    if (helper != null) {
      return type.isPrimitive()
          ? CodeBlock.of("return $L($L, $L, $L, $L);\n", helper, Lowerer.MACHINE, Lowerer.LOOP,
              Lowerer.OUTER, value)
          : CodeBlock.of("return $T.<$T>$L($L, $L, $L, $L);\n", RuntimeNames.ASYNC_MACHINE, type,
              helper, Lowerer.MACHINE, Lowerer.LOOP, Lowerer.OUTER, value);
    }
    // a constant narrowed to byte, short or char (or boxed so) needs an assignment's context
    return CodeBlock.builder().add("{\n$>")
        .addStatement("$T result$$ = $L", type, value)
        .addStatement("returnFast($L, $L, $L, result$$)", Lowerer.MACHINE, Lowerer.LOOP, Lowerer.OUTER)
        .addStatement("return result$$")
        .add("$<}\n").build();
  }

  /** The runtime's {@code returned} method that takes a value of {@code type}, if one does. */
  private static String returnHelper(TypeName type) {
    if (type.isBoxedPrimitive() && TypeNames.helperSuffix(type.unbox()) == null) {
      return null; // a Byte, Short or Character: a constant needs an assignment to narrow
    }
    String suffix = TypeNames.helperSuffix(type);
    return suffix == null ? null : "returned" + suffix;
  }

  /**
   * How the shared body leaves when {@code mustWait}: it spills its locals into the machine,
   * which suspends at {@code next} on {@code awaited} (code), and returns a placeholder.
   */
  CodeBlock spillIf(CodeBlock mustWait, Label next, String awaited, TreePath point) {
    // one line: `if (...) return spill$(...);` (a void body returns Void: see bodyResult)
    return CodeBlock.of("if ($L) $L", mustWait, spillAt(next, awaited, deadAt(point)));
  }

  /**
   * The reference fields whose value the shared body does not read once past {@code point}: its
   * spill there stores null in them, so that the waiting machine keeps nothing that the
   * blocking run would have dropped (the body's own locals are the JIT's to drop).
   */
  private Set<String> deadAt(TreePath point) {
    Set<String> dead = new HashSet<>();
    for (String temp : body.temps) {
      if (!body.pendingTemps.contains(temp)) {
        dead.add(temp); // an operand spilled before an await, read since
      }
    }
    for (Map.Entry<Element, String> h : body.hoisted.entrySet()) {
      TypeName type = body.fieldTypes.get(h.getValue());
      if (type != null && !type.isPrimitive() && !body.kept.contains(h.getKey())
          && liveness.deadAfter(h.getKey(), point)) {
        dead.add(h.getValue());
      }
    }
    return dead;
  }

  private CodeBlock spillAt(Label next, String awaited, Set<String> dead) {
    Object args = new Object() {
      @Override
      public String toString() { // rendered when written, once every field is known
        StringBuilder b = new StringBuilder(Lowerer.MACHINE).append(", ").append(Lowerer.LOOP).append(", ")
            .append(next).append(", ").append(awaited).append(", ").append(Lowerer.OUTER);
        if (!ctx.isStatic) {
          b.append(", self");
        }
        for (FieldSpec f : lowerer.fields) {
          if (!f.modifiers().contains(Modifier.STATIC)) {
            b.append(", ").append(dead.contains(f.name()) ? "null" : f.name());
          }
        }
        return b.toString();
      }
    };
    return CodeBlock.of("return $L($L);\n", ctx.sharedCall("spill$"), args);
  }

  /** The state a return through finally blocks ends in, once they have run (if any did). */
  void returnThroughFinally() {
    if (returnLabel != null) {
      body.startState(returnLabel, null, false, null);
      body.current.comment = "return through finally";
      body.emit(complete(resultField == null ? null : CodeBlock.of("$L", resultField)));
      body.current = null;
    }
  }
}
