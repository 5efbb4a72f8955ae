package org.await4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.await4j.EventLoop;
import org.await4j.Task;
import org.junit.jupiter.api.Test;

/**
 * An override site's handles, on hand-written classes and twins: what a fast path calls, exactly
 * typed, for a plain override, an {@code @Async} override's fast path, and a twin that has none.
 */
class OverridesTest {
  public static class Base {
    public int get(int x) {
      return x;
    }

    public String name(String s, long n) {
      return s + n;
    }
  }

  public static class Inherits extends Base {}

  public static class Plain extends Base {
    @Override
    public int get(int x) {
      if (x < 0) {
        throw new IllegalArgumentException("negative " + x);
      }
      return -x;
    }

    @Override
    public String name(String s, long n) {
      return "plain " + s + n;
    }
  }

  /** Its twin (below) has no fast path: the site waits for the twin's task. */
  public static class TwinOnly extends Base {
    @Override
    public int get(int x) {
      throw new AssertionError("the twin runs, not the source method");
    }
  }

  /** Its twin (below) has a fast path, which the site prefers to the twin. */
  public static class WithFast extends Base {
    @Override
    public int get(int x) {
      throw new AssertionError("the fast path runs, not the source method");
    }
  }

  private final Overrides.Site get = Overrides.site(Base.class, "get", int.class);
  private final Overrides.Site name = Overrides.site(Base.class, "name", String.class, long.class);

  private int callGet(Base self, int x) throws Throwable {
    return (int) get.override(self).invokeExact((EventLoop) null, (Object) self, x);
  }

  @Test
  void theDeclaringClassAndAnInheritingOneRunTheirOwnBody() {
    assertFalse(get.overriddenBy(new Base()));
    assertFalse(get.overriddenBy(new Inherits()));
    assertFalse(get.overriddenBy(new Inherits())); // remembered
    assertTrue(get.overriddenBy(new Plain()));
  }

  @Test
  void aPlainOverrideIsCalledExactlyTyped() throws Throwable {
    assertEquals(-5, callGet(new Plain(), 5));
    assertEquals("plain a7",
        (Object) name.override(new Plain()).invokeExact((EventLoop) null, (Object) new Plain(), (Object) "a", 7L));
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> callGet(new Plain(), -1));
    assertEquals("negative -1", thrown.getMessage());
  }

  @Test
  void anAsyncOverrideRunsItsFastPathElseItsTwinsTask() throws Throwable {
    assertTrue(get.overriddenBy(new WithFast()));
    assertEquals(300, callGet(new WithFast(), 3));
    assertTrue(get.overriddenBy(new TwinOnly()));
    assertEquals(30, callGet(new TwinOnly(), 3));
    // a failed task throws its exception, as a fast path would have
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> callGet(new TwinOnly(), -3));
    assertEquals("failed -3", thrown.getMessage());
  }

  @Test
  void theDispatcherCachesAFewClassesAndCallsTheRestThroughTheSite() throws Throwable {
    java.lang.invoke.MethodHandle dispatcher = get.dispatcher();
    Base[] receivers = {new Plain(), new WithFast(), new TwinOnly(), new Plain() {}, new Plain() {},
        new Plain() {}, new WithFast() {}};
    int[] expected = {-2, 200, 20, -2, -2, -2, 200};
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < receivers.length; i++) {
        assertEquals(expected[i],
            (int) dispatcher.invokeExact((EventLoop) null, (Object) receivers[i], 2));
      }
    }
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> { int unused = (int) dispatcher.invokeExact((EventLoop) null, (Object) new Plain(), -1); });
    assertEquals("negative -1", thrown.getMessage());
  }

  @Test
  void offALoopTheTwinsTaskIsTheCallsTask() {
    assertEquals(40, get.<Integer>call(new TwinOnly(), new Object[] {4}).result());
    assertEquals(-4, get.<Integer>call(new Plain(), new Object[] {4}).result());
    assertEquals(null, get.call(new Inherits(), new Object[] {4}));
  }
}

/** The twin of {@link OverridesTest.TwinOnly}, as an older processor wrote it: no fast path. */
final class OverridesTest_TwinOnlyAsync {
  private OverridesTest_TwinOnlyAsync() {}

  public static Task<Integer> get(OverridesTest.TwinOnly self, int x) {
    return x < 0 ? Task.failed(new IllegalStateException("failed " + x)) : Task.completed(x * 10);
  }
}

/** The twin of {@link OverridesTest.WithFast}, with a fast path. */
final class OverridesTest_WithFastAsync {
  private OverridesTest_WithFastAsync() {}

  public static Task<Integer> get(OverridesTest.WithFast self, int x) {
    return Task.completed(x * 10);
  }

  public static int get$fast(EventLoop loop, OverridesTest.WithFast self, int x) {
    return x * 100;
  }
}
