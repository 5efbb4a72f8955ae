/**
 * asyncio's I/O on the loop's own {@link java.nio.channels.Selector}: TCP streams and servers
 * ({@link org.await4j.io.Tcp}, {@link org.await4j.io.TcpStream}, {@link org.await4j.io.TcpServer}),
 * UDP ({@link org.await4j.io.Udp}), files ({@link org.await4j.io.FileIo}) and child processes
 * ({@link org.await4j.io.Subprocess}).
 *
 * <p>A loop that uses I/O waits in its selector when idle (installed on first use through {@link
 * org.await4j.EventLoop#poller}), so readiness costs no thread; a wake-up from another thread
 * calls {@code Selector.wakeup()}. Streams, servers and endpoints belong to the loop they were
 * made on. Every operation that waits is an {@code @Async} method (in an {@code @Async} body a
 * call suspends, with its checked exceptions); the {@code XAsync} twin of each class returns the
 * {@link org.await4j.Task} for plain code.
 */
package org.await4j.io;
