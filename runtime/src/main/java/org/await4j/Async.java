package org.await4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose body may suspend. The await4j processor compiles it into a state machine
 * and writes an async twin, {@code <Class>Async.<method>(self, args...)}, that returns a {@link
 * Task}. Called directly, the method still runs as ordinary blocking Java.
 *
 * <p>Inside the body, {@link Await#await} and calls to other {@code @Async} methods are the
 * suspension points. Retention is {@code CLASS} so that callers compiled later, against a jar,
 * still see which methods suspend.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Async {}
