package org.await4j.processor.lower;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Map;

/**
 * What the lowering made of one body, for the writers: its states (in parts, when one method
 * could not hold them all), the fields that hold its locals, and the names the writers use. Made
 * once the lowering is done, and never changed after.
 */
public final class LoweredBody {
  /**
   * Whether the states run both as the fast path, over plain locals, and in the machine, over
   * its fields (the shared body); else they are the machine's resume() alone.
   */
  public final boolean shared;
  public final List<State> states;
  /** The states in order, cut where a method would grow past what the JVM allows; mostly one. */
  public final List<List<State>> parts;
  public final List<FieldSpec> fields;
  /** The hoisted method parameters, in order: the constructor's parameters. */
  public final Map<String, TypeName> parameters;
  /** Local types moved into the machine, as source text. */
  public final List<CodeBlock> movedTypes;
  /** Locals only the shared body has: the values of direct calls to other bodies. */
  public final List<FieldSpec> fastLocals;
  /** Reference fields holding values of the body: cleared when the machine ends. */
  public final List<String> referenceFields;
  /** The label of the step loop that a jump continues; null if no state jumps to another. */
  public final String resumeLabel;
  /** The field a handler reads what was thrown from; null if the body has no handler. */
  public final String caughtField;
  /** The field a jump out of Java finally blocks sets; null if no jump does. */
  public final String pendingStateField;
  /** The name of the catch parameter of each part's step loop. */
  public final List<String> failureNames;
  /** How the step loop stops: {@code return}, or {@code return true} from a part. */
  public final String stop;
  /** The method's return type, as the shared body returns it. */
  public final TypeName returnType;

  LoweredBody(boolean shared, List<State> states, List<List<State>> parts,
      List<FieldSpec> fields, Map<String, TypeName> parameters, List<CodeBlock> movedTypes,
      List<FieldSpec> fastLocals, List<String> referenceFields, String resumeLabel,
      String caughtField, String pendingStateField, List<String> failureNames,
      String stop, TypeName returnType) {
    this.shared = shared;
    this.states = List.copyOf(states);
    this.parts = List.copyOf(parts);
    this.fields = List.copyOf(fields);
    this.parameters = java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(parameters));
    this.movedTypes = List.copyOf(movedTypes);
    this.fastLocals = List.copyOf(fastLocals);
    this.referenceFields = List.copyOf(referenceFields);
    this.resumeLabel = resumeLabel;
    this.caughtField = caughtField;
    this.pendingStateField = pendingStateField;
    this.failureNames = List.copyOf(failureNames);
    this.stop = stop;
    this.returnType = returnType;
  }

  /** Whether the states are in more than one part (resume() picks the part). */
  public boolean split() {
    return parts.size() > 1;
  }
}
