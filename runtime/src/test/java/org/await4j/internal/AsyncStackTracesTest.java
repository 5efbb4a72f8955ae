package org.await4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The trace rewriting on hand-made frames (the end-to-end tests are the processor's). */
class AsyncStackTracesTest {
  /** Stands for the generated holder of a class's machines. */
  static final class ShopAsyncMachines {
    /** Stands for a generated machine class. */
    static final class page {}
  }

  static final SourceLines LINES = SourceLines.register(ShopAsyncMachines.page.class, "shop.Catalog",
      "page", "Catalog.java", false, new int[] {12, 14}, "10:20:3:1;", "20:14:2:0;");

  private static final String MACHINE = ShopAsyncMachines.page.class.getName();

  @Test
  void theLineMapReadsRunsOfBothKinds() {
    assertEquals(20, LINES.sourceLine(10));
    assertEquals(21, LINES.sourceLine(11));
    assertEquals(22, LINES.sourceLine(12));
    assertEquals(0, LINES.sourceLine(13));
    assertEquals(14, LINES.sourceLine(20));
    assertEquals(14, LINES.sourceLine(21));
    assertEquals(0, LINES.sourceLine(22));
    assertEquals(0, LINES.sourceLine(-1));
    assertEquals(12, LINES.lineOfState(0));
    assertEquals(0, LINES.lineOfState(5));
  }

  @Test
  void generatedFramesBecomeTheUsersAndPlumbingGoes() {
    StackTraceElement[] frames = {
        new StackTraceElement(MACHINE, "lambda$resume$3", "ShopAsyncMachines.java", 11),
        new StackTraceElement("java.util.ArrayList", "forEach", "ArrayList.java", 1),
        new StackTraceElement(MACHINE + "$1", "run", "ShopAsyncMachines.java", 12),
        new StackTraceElement(MACHINE, "resume", "ShopAsyncMachines.java", 20),
        new StackTraceElement(MACHINE, "spill$", "ShopAsyncMachines.java", 40),
        new StackTraceElement(MACHINE + "$Local", "m", "ShopAsyncMachines.java", 50),
        new StackTraceElement("org.await4j.internal.AsyncMachine", "step", "AsyncMachine.java", 1),
    };
    StackTraceElement[] mapped = TraceFrames.mapped(frames);
    assertArrayEquals(new StackTraceElement[] {
        new StackTraceElement("shop.Catalog", "lambda$page$3", "Catalog.java", 21),
        frames[1],
        new StackTraceElement("shop.Catalog$1", "run", "Catalog.java", 22),
        new StackTraceElement("shop.Catalog", "page", "Catalog.java", 14),
        frames[5], // a local class moved into the machine: as it is
        frames[6],
    }, mapped);
    assertSame(mapped, TraceFrames.mapped(mapped)); // nothing left to map: the same array
  }

  /**
   * A twin that a body called (a body with no shared body calls its callees through their
   * twins) and a long machine's resume(), which only picks the part that runs, are plumbing.
   */
  @Test
  void aTwinABodyCalledAndALongMachinesResumeGo() {
    StackTraceElement[] frames = {
        new StackTraceElement("shop.Catalog", "leaf", "Catalog.java", 7),
        new StackTraceElement("shop.CatalogAsync", "leaf", "CatalogAsync.java", 27),
        new StackTraceElement(MACHINE, "resumePart2", "ShopAsyncMachines.java", 20),
        new StackTraceElement(MACHINE, "resume", "ShopAsyncMachines.java", 30),
        new StackTraceElement("org.await4j.internal.AsyncMachine", "step", "AsyncMachine.java", 1),
        new StackTraceElement("shop.CatalogAsync", "page", "CatalogAsync.java", 40),
        new StackTraceElement("shop.Main", "main", "Main.java", 3),
    };
    assertArrayEquals(new StackTraceElement[] {
        frames[0],
        new StackTraceElement("shop.Catalog", "page", "Catalog.java", 14),
        frames[4],
        frames[5], // plain code called this twin: it stays
        frames[6],
    }, TraceFrames.mapped(frames));
  }

  @Test
  void anAwaiterGoesUnderTheFailedBodyAboveTheLoopOnceOnly() {
    Exception e = new Exception("x");
    e.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("shop.Cart", "total", "Cart.java", 7),
        new StackTraceElement("org.await4j.internal.AsyncMachine", "step", "AsyncMachine.java", 1),
        new StackTraceElement("org.await4j.EventLoop", "run", "EventLoop.java", 2),
        new StackTraceElement("shop.Main", "main", "Main.java", 3),
    });
    AsyncStackTraces.awaitedBy(e, LINES, 14, true);
    assertEquals("shop.Catalog.page(Catalog.java:14)", e.getStackTrace()[1].toString());
    assertEquals(5, e.getStackTrace().length);
    AsyncStackTraces.awaitedBy(e, LINES, 12, true); // a recursive caller, at another line: added
    assertEquals("shop.Catalog.page(Catalog.java:12)", e.getStackTrace()[2].toString());
    assertEquals("org.await4j.internal.AsyncMachine", e.getStackTrace()[3].getClassName());
  }

  @Test
  void anAwaiterAlreadyOnTheTraceBelowTheLoopFramesIsNotAddedAgain() {
    Exception e = new Exception("x");
    e.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("shop.Cart", "total", "Cart.java", 7),
        new StackTraceElement("org.await4j.internal.AsyncMachine", "step", "AsyncMachine.java", 1),
        new StackTraceElement("org.await4j.internal.AsyncMachine", "start", "AsyncMachine.java", 1),
        new StackTraceElement(MACHINE, "resume", "ShopAsyncMachines.java", 21),
    });
    AsyncStackTraces.awaitedBy(e, LINES, 14, true);
    assertEquals(4, e.getStackTrace().length);
    assertEquals("shop.Catalog.page(Catalog.java:14)", e.getStackTrace()[3].toString());
  }

  @Test
  void awaitersAreNotedOnTheWayAndWrittenOnceWhenTheFailureIsDelivered() {
    Exception e = new Exception("x");
    StackTraceElement[] thrown = {
        new StackTraceElement(MACHINE, "resume", "ShopAsyncMachines.java", 20),
        new StackTraceElement("org.await4j.internal.AsyncMachine", "step", "AsyncMachine.java", 1),
        new StackTraceElement("org.await4j.EventLoop", "run", "EventLoop.java", 2),
    };
    e.setStackTrace(thrown);
    AsyncStackTraces.left(e);
    AsyncStackTraces.passedTo(e, LINES, 12, false);
    AsyncStackTraces.left(e);
    AsyncStackTraces.passedTo(e, LINES, 14, false);
    assertArrayEquals(thrown, e.getStackTrace()); // nothing written on the way
    assertSame(e, AsyncStackTraces.delivered(e));
    assertEquals("[shop.Catalog.page(Catalog.java:14), shop.Catalog.page(Catalog.java:12),"
        + " shop.Catalog.page(Catalog.java:14), org.await4j.internal.AsyncMachine.step"
        + "(AsyncMachine.java:1), org.await4j.EventLoop.run(EventLoop.java:2)]",
        java.util.Arrays.toString(e.getStackTrace()));

    // the same steps one at a time, as before: the same trace
    Exception eager = new Exception("x");
    eager.setStackTrace(thrown);
    AsyncStackTraces.leaving(eager);
    AsyncStackTraces.awaitedBy(eager, LINES, 12, false);
    AsyncStackTraces.awaitedBy(eager, LINES, 14, false);
    assertArrayEquals(e.getStackTrace(), eager.getStackTrace());

    StackTraceElement[] written = e.getStackTrace();
    AsyncStackTraces.delivered(e); // nothing pending any more: left alone
    assertArrayEquals(written, e.getStackTrace());
  }

  @Test
  void anotherFailureOrAnIdleLoopWritesWhatIsPending() {
    Exception first = new Exception("first");
    first.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("shop.Cart", "total", "Cart.java", 7),
        new StackTraceElement("org.await4j.EventLoop", "run", "EventLoop.java", 2),
    });
    AsyncStackTraces.passedTo(first, LINES, 14, false);
    Exception second = new Exception("second");
    second.setStackTrace(first.getStackTrace());
    AsyncStackTraces.passedTo(second, LINES, 12, false); // finishes the first one first
    assertEquals("shop.Catalog.page(Catalog.java:14)", first.getStackTrace()[1].toString());
    assertEquals(2, second.getStackTrace().length);
    AsyncStackTraces.settle(); // the loop has nothing to run
    assertEquals("shop.Catalog.page(Catalog.java:12)", second.getStackTrace()[1].toString());
  }

  @Test
  void aFailureHeldByAMessageOnlyHandlerIsSetAsideThenDroppedUnlessRead() {
    StackTraceElement[] thrown = {
        new StackTraceElement("shop.Cart", "total", "Cart.java", 7),
        new StackTraceElement("org.await4j.EventLoop", "run", "EventLoop.java", 2),
    };
    Exception first = new Exception("first");
    first.setStackTrace(thrown);
    AsyncStackTraces.passedTo(first, LINES, 14, false);
    AsyncStackTraces.caught(first);
    AsyncStackTraces.held(first); // a handler that reads its message only
    Exception second = new Exception("second");
    second.setStackTrace(thrown);
    AsyncStackTraces.passedTo(second, LINES, 12, false); // sets the first aside, unwritten
    assertArrayEquals(thrown, first.getStackTrace());
    AsyncStackTraces.delivered(first); // its task's outcome read elsewhere: written now
    assertEquals("shop.Catalog.page(Catalog.java:14)", first.getStackTrace()[1].toString());

    AsyncStackTraces.caught(second);
    AsyncStackTraces.held(second);
    Exception third = new Exception("third");
    third.setStackTrace(thrown);
    AsyncStackTraces.passedTo(third, LINES, 14, false);
    AsyncStackTraces.caught(third);
    AsyncStackTraces.held(third); // sets the second aside
    Exception fourth = new Exception("fourth");
    fourth.setStackTrace(thrown);
    AsyncStackTraces.passedTo(fourth, LINES, 14, false); // sets the third aside: drops the second
    AsyncStackTraces.delivered(second);
    assertArrayEquals(thrown, second.getStackTrace()); // dropped: nothing could read it
    AsyncStackTraces.settle(); // the loop has nothing to run: the third and fourth are written
    assertEquals("shop.Catalog.page(Catalog.java:14)", third.getStackTrace()[1].toString());
    assertEquals("shop.Catalog.page(Catalog.java:14)", fourth.getStackTrace()[1].toString());
  }

  @Test
  void aHeldFailureOnAFailurePathAgainIsWrittenFirst() {
    StackTraceElement[] thrown = {
        new StackTraceElement("shop.Cart", "total", "Cart.java", 7),
        new StackTraceElement("org.await4j.EventLoop", "run", "EventLoop.java", 2),
    };
    Exception held = new Exception("held");
    held.setStackTrace(thrown);
    AsyncStackTraces.passedTo(held, LINES, 14, false);
    AsyncStackTraces.caught(held);
    AsyncStackTraces.held(held);
    Exception other = new Exception("other");
    other.setStackTrace(thrown);
    AsyncStackTraces.passedTo(other, LINES, 12, false); // sets it aside
    AsyncStackTraces.passedTo(held, LINES, 12, false); // its frames so far are written first
    assertEquals("shop.Catalog.page(Catalog.java:14)", held.getStackTrace()[1].toString());
    assertEquals(3, held.getStackTrace().length);
    assertEquals("shop.Catalog.page(Catalog.java:12)", other.getStackTrace()[1].toString());
    AsyncStackTraces.settle(); // the new awaiter goes under the frames written before
    assertEquals("shop.Catalog.page(Catalog.java:12)", held.getStackTrace()[2].toString());
    assertEquals(4, held.getStackTrace().length);
  }

  @Test
  void anExceptionTheRuntimeMadeAwayFromAnyBodyGetsItsAwaitersOnTop() {
    Exception deadline = new java.util.concurrent.CancellationException("deadline");
    deadline.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("org.await4j.Timeout", "fire", "Timeout.java", 1),
        new StackTraceElement("org.await4j.EventLoop", "run", "EventLoop.java", 2),
        new StackTraceElement("shop.Main", "main", "Main.java", 3),
    });
    AsyncStackTraces.awaitedBy(deadline, LINES, 14, false);
    assertEquals("shop.Catalog.page(Catalog.java:14)", deadline.getStackTrace()[0].toString());

    Exception shortRead = new java.io.EOFException("short read");
    shortRead.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("org.await4j.io.TcpStream", "ready", "TcpStream.java", 1),
        new StackTraceElement("sun.nio.ch.SelectorImpl", "processReadyEvents", "S.java", 2),
        new StackTraceElement("org.await4j.io.IoLoop", "poll", "IoLoop.java", 3),
        new StackTraceElement("org.await4j.EventLoop", "run", "EventLoop.java", 4),
        new StackTraceElement("shop.Main", "main", "Main.java", 5),
    });
    AsyncStackTraces.awaitedBy(shortRead, LINES, 12, false);
    assertEquals("shop.Catalog.page(Catalog.java:12)", shortRead.getStackTrace()[0].toString());
    assertEquals(6, shortRead.getStackTrace().length);
  }

  @Test
  void aForeignTraceGetsItsAwaitersAtTheEnd() {
    Exception e = new Exception("x");
    e.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("jdk.internal.Http", "fail", "Http.java", 7),
        new StackTraceElement("java.lang.Thread", "run", "Thread.java", 1),
    });
    AsyncStackTraces.awaitedBy(e, LINES, 14, true);
    assertEquals("shop.Catalog.page(Catalog.java:14)", e.getStackTrace()[2].toString());
  }

  static final class BrokenAsyncMachines {
    static final class m {}
  }

  @Test
  void aMalformedLineMapLeavesTheFramesAsTheyAre() {
    SourceLines broken = SourceLines.register(BrokenAsyncMachines.m.class, "shop.Broken", "m",
        "Broken.java", false, new int[] {3}, "not:a:map");
    assertEquals(0, broken.sourceLine(1));
    StackTraceElement raw =
        new StackTraceElement(BrokenAsyncMachines.m.class.getName(), "resume", "BrokenAsyncMachines.java", 1);
    StackTraceElement[] frames = {raw};
    assertSame(frames, TraceFrames.mapped(frames)); // no source line: kept as it is
  }

  @Test
  void theRuntimesPackagesAreTheOnlyRuntimeFrames() {
    assertTrue(TraceFrames.isRuntime("org.await4j.EventLoop"));
    assertTrue(TraceFrames.isRuntime("org.await4j.internal.AsyncMachine"));
    assertTrue(TraceFrames.isRuntime("org.await4j.io.Tcp"));
    assertFalse(TraceFrames.isRuntime("org.await4j.samples.FetchAll"));
    assertFalse(TraceFrames.isRuntime("org.await4j.internal.x.Y"));
    assertFalse(TraceFrames.isRuntime("shop.Catalog"));
  }

  @Test
  void anExceptionWithoutAWritableTraceIsLeftAlone() {
    Exception e = new Exception("x", null, false, false) {};
    AsyncStackTraces.awaitedBy(e, LINES, 14, true);
    AsyncStackTraces.leaving(e);
    assertEquals(0, e.getStackTrace().length);
  }
}
