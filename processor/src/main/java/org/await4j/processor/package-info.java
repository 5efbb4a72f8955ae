/**
 * The annotation processor: {@link org.await4j.processor.AsyncProcessor} keeps the rounds (which
 * types wait for what) and hands each {@code @Async} method to {@link
 * org.await4j.processor.Pipeline}, which runs it through the stages, one package each, data
 * flowing one way: {@code find} (which methods, their signatures, javac's traps), {@code analyze}
 * (suspension points, jumps, liveness), {@code lower} (the body into states: an immutable {@link
 * org.await4j.processor.lower.LoweredBody}), {@code emit} (the machine, shared body, stub and
 * stand-in classes). Every message goes out through {@link org.await4j.processor.Diagnostics},
 * each with its {@link org.await4j.processor.Problem} id.
 */
package org.await4j.processor;
