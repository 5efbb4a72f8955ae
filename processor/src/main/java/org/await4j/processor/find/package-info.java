/**
 * Stage one: which methods are {@code @Async} and which get machines, their signatures and the
 * names of the classes generated for them, and javac's traps, met before any body is read.
 */
package org.await4j.processor.find;
