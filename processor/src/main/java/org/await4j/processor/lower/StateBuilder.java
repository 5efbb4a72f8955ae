package org.await4j.processor.lower;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * The states of the body being lowered: the one code is emitted into, where each begins, the
 * fields that hold the body's locals and spilled operands, and the jumps between states (through
 * every finally block on the way). Each pass emits through it.
 */
final class StateBuilder extends Pass {
  /** Past this much code in one state, the next statement starts a new state. */
  static final int STATE_CHARS = 6_000;
  /** The state code is emitted into; null where no code can run (after a jump). */
  OpenState current;
  /** The handler states of the try blocks around the code being lowered, innermost last. */
  final List<Label> handlers = new ArrayList<>();
  /** The finally blocks around the code being lowered, innermost last. */
  final List<FinallyFrame> finallies = new ArrayList<>();
  /** The body's locals that live in fields, by element. */
  final Map<Element, String> hoisted = new HashMap<>();
  final Map<String, TypeName> fieldTypes = new HashMap<>();
  /** States written after the body's own (resumptions, finally chains, no-match arms). */
  final List<Runnable> finishers = new ArrayList<>();
  /** Locals already cleared before a wait, or never to be (a resource its close reads). */
  final Set<Element> cleared = new HashSet<>();

  /** Locals whose field is read where liveness does not look (a resource, by its close). */
  final Set<Element> kept = new HashSet<>();
  /** The fields of spilled reference operands. */
  final Set<String> temps = new HashSet<>();
  /** Spilled reference operands not read yet, and read ones not cleared yet. */
  final Set<String> pendingTemps = new java.util.LinkedHashSet<>();
  final Set<String> usedTemps = new java.util.LinkedHashSet<>();
  String pendingStateField;

  StateBuilder(Lowerer lowerer) {
    super(lowerer);
  }

  Label label() {
    return new Label(finallies.size());
  }

  Label currentHandler() {
    return handlers.isEmpty() ? null : handlers.get(handlers.size() - 1);
  }

  void startState(Label label, Tree at, boolean fallThrough, Label handler) {
    startState(label, at, fallThrough, handler, false);
  }

  void startState(Label label, Tree at, boolean fallThrough, Label handler,
      boolean stateAlreadySet) {
    if (current != null && current.size == 0 && !stateAlreadySet) {
      // nothing emitted here yet: both labels can name this state, in the try block the new one
      // begins or ends (what jumps here runs nothing before the new state's code)
      label.id = current.id;
      current.handler = handler;
      if (current.comment == null && at != null) {
        current.comment = comment(at);
        current.commentedLine = ctx.line(slicer.start(at));
      }
      return;
    }
    OpenState s = new OpenState(lowerer.states.size(), handler, at == null ? null : comment(at));
    if (at != null) {
      s.commentedLine = ctx.line(slicer.start(at));
    }
    if (current != null && !stateAlreadySet) {
      current.fallsInto = s.id;
    }
    lowerer.states.add(s);
    label.id = s.id;
    current = s;
  }

  /** Starts the state of {@code label} here, unless nothing can reach it. */
  void bind(Label label, Tree at) {
    if (current == null && label.refs == 0) {
      return;
    }
    startState(label, at, true, currentHandler());
  }

  /** Starts the state of {@code label} here even if only later (backward) jumps reach it. */
  void bindAlways(Label label, Tree at) {
    startState(label, at, true, currentHandler());
  }

  void jump(Label target) {
    if (current != null) {
      emit(jumpCode(target));
      current = null;
    }
  }

  void jumpIf(CodeBlock condition, Label target) {
    emit(CodeBlock.builder().beginControlFlow("if ($L)", condition)
        .add(jumpCode(target)).endControlFlow().build());
  }

  /** Code that goes to {@code target}, through every finally block between here and there. */
  CodeBlock jumpCode(Label target) {
    return jumpCode(target, false);
  }

  /**
   * Code that goes to {@code target}. {@code viaJava}: the jump first leaves a try of the
   * printed code whose finally or resources Java runs on the way out, and those may throw; so
   * the state changes only once they are done (at the top of the step loop), and until then the
   * current state's handler catches what they throw.
   */
  CodeBlock jumpCode(Label target, boolean viaJava) {
    target.refs++;
    String stateField = viaJava ? pendingState() : "state";
    int crossing = finallies.size() - target.depth;
    if (crossing <= 0) {
      return CodeBlock.of("$L = $L; continue $L;\n", stateField, target, lowerer.resume());
    }
    Label destination = target;
    for (int k = target.depth; k < finallies.size() - 1; k++) {
      destination = chain(finallies.get(k), destination);
    }
    FinallyFrame inner = finallies.get(finallies.size() - 1);
    inner.entry.refs++;
    return CodeBlock.of("$L = null;\n$L = $L;\n$L = $L; continue $L;\n",
        inner.thrown, inner.next, destination, stateField, inner.entry, lowerer.resume());
  }

  private String pendingState() {
    if (pendingStateField == null) {
      pendingStateField = names.synthetic("nextState");
      lowerer.fields.add(FieldSpec.builder(TypeName.INT, pendingStateField, Modifier.PRIVATE)
          .initializer("-1").build());
    }
    return pendingStateField;
  }

  /** A state that, once an inner finally is done, enters {@code frame}'s finally on the way. */
  private Label chain(FinallyFrame frame, Label destination) {
    Label l = new Label(0);
    l.refs++;
    destination.refs++;
    finishers.add(() -> {
      startState(l, null, false, null);
      current.comment = "on the way out: the next finally block";
      emit(CodeBlock.of("$L = null;\n$L = $L;\nstate = $L; continue $L;\n",
          frame.thrown, frame.next, destination, frame.entry, lowerer.resume()));
      current = null;
    });
    return l;
  }

  /** Emits a declaration of a local: its case gets braces, so that it stays the case's own. */
  void declare(CodeBlock code) {
    if (current != null) {
      current.declares = true;
    }
    emit(code);
  }

  void emit(CodeBlock code) {
    if (current != null) {
      current.code.add(code);
      account(code);
    }
  }

  /**
   * Counts {@code code} into the current state's size, and marks the spilled operands it reads:
   * printing it prints each {@link Operand} it holds, which records the read.
   */
  private void account(CodeBlock code) {
    accounting = true;
    try {
      current.size += code.toString().length();
    } finally {
      accounting = false;
    }
  }

  /** Code that reads the field {@code name}: a reference field is an {@link Operand}. */
  CodeBlock operand(String name) {
    return CodeBlock.of("$L", fieldTypes.get(name).isPrimitive() ? name : new Operand(name));
  }

  /** True while {@link #account} prints code: an {@link Operand} printed then is read there. */
  private boolean accounting;

  /**
   * A field holding a value the body computed before an await and reads after it, as code
   * mentions it. The code that stores it names the field itself, so every print of this object
   * is a read; once read, nothing needs it and the next wait clears it.
   */
  private final class Operand {
    final String name;

    Operand(String name) {
      this.name = name;
      temps.add(name);
      pendingTemps.add(name);
    }

    @Override
    public String toString() {
      if (accounting && pendingTemps.remove(name)) {
        usedTemps.add(name);
      }
      return name;
    }
  }

  // ---- names, types, fields ----

  void field(TypeName type, String name) {
    lowerer.fields.add(FieldSpec.builder(type, name, Modifier.PRIVATE).build());
    fieldTypes.put(name, type);
  }

  String comment(Tree at) {
    long pos = slicer.start(at);
    return "line " + ctx.line(pos) + ": " + ctx.lineText(pos);
  }
}
