package org.await4j.processor.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The finished states of a body: in parts, when a long body's states would not fit one method,
 * and each that falls into the next setting {@code state} where the next one's readers need it.
 */
final class StateParts {
  private StateParts() {}

  /** Past this much code, the states go into parts: a JVM method holds 64 KiB at most. */
  static final int PART_CHARS = 12_000;

  /**
   * The states, each that falls into the next setting {@code state} where something reads it:
   * the handler dispatch, if the next has another handler; resume(), if the next is in another
   * part; the next state's own code (a suspending switch tells "no case matched" by it).
   */
  static List<State> setStateWhereRead(List<OpenState> states, List<State> open,
      List<List<State>> parts) {
    Map<Integer, Integer> partOf = new HashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      for (State s : parts.get(i)) {
        partOf.put(s.id, i);
      }
    }
    List<State> done = new ArrayList<>();
    for (OpenState s : states) {
      State state = open.get(s.id);
      int next = s.fallsInto;
      if (next >= 0 && (handlerOf(states.get(next)) != state.handler
          || !partOf.get(next).equals(partOf.get(s.id)) || states.get(next).readsOwnState)) {
        state = new State(s.id, state.handler, state.comment, state.line,
            state.code.toBuilder().add("state = $L;\n", next).build(), state.declares);
      }
      done.add(state);
    }
    return done;
  }

  static int handlerOf(OpenState s) {
    return s.handler == null ? -1 : s.handler.id;
  }

  /** The states in parts of at most {@link #PART_CHARS} each; one part for most bodies. */
  static List<List<State>> parts(List<State> states) {
    List<List<State>> parts = new ArrayList<>();
    List<State> part = new ArrayList<>();
    int chars = 0;
    for (State s : states) {
      int size = s.code.toString().length() + 40;
      if (!part.isEmpty() && chars + size > PART_CHARS) {
        parts.add(part);
        part = new ArrayList<>();
        chars = 0;
      }
      part.add(s);
      chars += size;
    }
    parts.add(part);
    return parts;
  }
}
