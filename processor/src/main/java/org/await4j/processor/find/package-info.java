/**
 * Stage one: which methods are {@code @Async} and which get machines, their signatures and the
 * names of the classes generated for them, what a fast path calls for a call of one of them
 * ({@link org.await4j.processor.find.CallTargets}), and javac's traps, met before any body is read.
 */
package org.await4j.processor.find;
