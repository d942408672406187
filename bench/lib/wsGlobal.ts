import { WebSocket } from "ws";

// Node 20 has no global WebSocket; the Colyseus SDK needs one (Node 22 has it built in). Import this first.
globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;
