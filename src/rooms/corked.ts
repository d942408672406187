import type { Client, ClientPrivate } from "@colyseus/core";

interface Corkable {
  cork(): void;
  uncork(): void;
}

/** The socket of a client of the WebSocket transport (`ws` keeps it in `_socket`); undefined for others. */
export function corkableSocket(client: Client): Corkable | undefined {
  const socket = (client.ref as { _socket?: Partial<Corkable> } | undefined)?._socket;
  return typeof socket?.cork === "function" && typeof socket.uncork === "function" ? (socket as Corkable) : undefined;
}

/**
 * Runs `flush` (a room's `broadcastPatch`) with the sockets of the clients that have messages waiting for
 * the patch (`afterNextPatch`) corked, so that what it writes to such a client (its patch, then those
 * messages) leaves in one write instead of one per frame: the same bytes in the same order, fewer system
 * calls. A client with nothing waiting gets at most its patch, one write anyway. Clients of a transport
 * without a `ws` socket are left as they are.
 */
export function corked<T>(clients: readonly Client[], flush: () => T): T {
  const sockets: Corkable[] = [];
  for (const client of clients) {
    if (!(client as Client & ClientPrivate)._pendingFrames?.length) continue;
    const socket = corkableSocket(client);
    if (!socket) continue;
    socket.cork();
    sockets.push(socket);
  }
  try {
    return flush();
  } finally {
    for (const socket of sockets) socket.uncork();
  }
}
