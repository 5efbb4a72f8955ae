package org.await4j.sync;

import static org.await4j.sync.Script.onLoop;
import static org.await4j.sync.Script.pass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.await4j.Task;
import org.junit.jupiter.api.Test;

/** asyncio.Event. */
class EventTest {
  private final List<String> trace = new ArrayList<>();

  @Test
  void waitingForASetEventDoesNotWait() {
    onLoop(() -> {
      Event e = new Event();
      assertFalse(e.isSet());
      e.set();
      assertTrue(e.isSet());
      Task<Void> w = e.waitUntilSet();
      assertTrue(w.isDone());
      assertSame(w, new Lock().acquire(), "the shared done task");
      e.clear();
      assertFalse(e.isSet());
      assertFalse(e.waitUntilSet().isDone());
    });
  }

  @Test
  void setWakesEveryWaiterInOrder() {
    onLoop(() -> {
      Event e = new Event();
      List<Script> waiters = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String name = "w" + i;
        waiters.add(Script.of(x -> e.waitUntilSet(), x -> trace.add(name)).started());
      }
      return Script.of(x -> pass(), x -> {
        assertTrue(trace.isEmpty());
        e.set();
        e.set(); // twice is once
        e.clear(); // does not take back the wake-ups
        return Script.all(waiters);
      }).started();
    });
    assertEquals(List.of("w0", "w1", "w2", "w3", "w4"), trace);
  }

  @Test
  void aCancelledWaiterLeavesTheQueue() {
    onLoop(() -> {
      Event e = new Event();
      Task<Void> a = e.waitUntilSet();
      Task<Void> b = e.waitUntilSet();
      assertTrue(a.cancel());
      assertEquals("Event[unset, waiters=1]", e.toString());
      e.set();
      assertTrue(a.isCancelled());
      assertTrue(b.isDone());
      assertFalse(b.isFailed());
      assertFalse(b.cancel(), "done: nothing to give back");
    });
  }

  @Test
  void aWaiterWhoseListenerClearsAndWaitsAgainIsNotWokenTwice() {
    onLoop(() -> {
      Event e = new Event();
      Task<?>[] again = new Task<?>[1];
      Task<Void> first = e.waitUntilSet();
      first.addListener(t -> {
        e.clear();
        again[0] = e.waitUntilSet();
      });
      Task<Void> second = e.waitUntilSet();
      e.set();
      assertTrue(first.isDone());
      assertTrue(second.isDone());
      assertFalse(again[0].isDone(), "a new wait, after the clear");
      e.set();
      assertTrue(again[0].isDone());
    });
  }

  @Test
  void usedOutsideALoopItThrows() {
    assertThrows(IllegalStateException.class, new Event()::set);
  }
}
