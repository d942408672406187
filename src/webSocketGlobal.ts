import { WebSocket } from "ws";

// @colyseus/core 0.18 reads the global `WebSocket.OPEN` when a client reconnects (Room._onJoin). Node 22
// has a global WebSocket; Node 20 has none, and every reconnection would fail with "WebSocket is not
// defined". arena.config.ts imports this module first, so `npm start` and in-process servers get the same.
globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;
