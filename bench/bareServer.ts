/**
 * The bench's bare Colyseus servers: `map` rooms (filtered by mapId) that only answer `result`. PORT from the
 * environment; BARE_ROOM=view serves `BareViewRoom` (the map room's schema and interest management, no
 * storage, no rules), otherwise `BareRoom` (an empty state).
 */
import config, { listen } from "@colyseus/tools";
import { BareRoom } from "./BareRoom.js";
import { BareViewRoom } from "./BareViewRoom.js";

const port = Number(process.env.PORT ?? 2570);
const room = process.env.BARE_ROOM === "view" ? BareViewRoom : BareRoom;
const arena = config({
  displayLogs: false,
  options: { greet: false },
  initializeGameServer: (gameServer) => {
    gameServer.define("map", room).filterBy(["mapId"]);
  },
  initializeExpress: (app) => {
    app.get("/health", (_req, res) => {
      res.json({ ok: true });
    });
  },
});
await listen(arena, port);
