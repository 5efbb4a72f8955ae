/**
 * Stage three: a body into the states of its machine. {@link
 * org.await4j.processor.lower.Lowerer} walks the statements; one class per concern lowers loops,
 * try blocks, switches, expressions (operands spilled before a suspension) and the suspension
 * points themselves, all emitting through one {@link org.await4j.processor.lower.StateBuilder}.
 * User code that needs no splitting is printed back from its source text by {@link
 * org.await4j.processor.lower.Slicer} and its edit scanners. The result is an immutable {@link
 * org.await4j.processor.lower.LoweredBody}.
 */
package org.await4j.processor.lower;
