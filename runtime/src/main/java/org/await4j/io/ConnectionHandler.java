package org.await4j.io;

import org.await4j.Task;

/**
 * What a {@link TcpServer} runs for each connection, as a task of its own (asyncio's {@code
 * client_connected_cb}): typically a stub call, {@code stream -> EchoAsync.serve(this, stream)}.
 * The server closes the stream once the returned task is done.
 */
@FunctionalInterface
public interface ConnectionHandler {
  Task<?> handle(TcpStream stream);
}
