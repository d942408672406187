/** The bench's bare Colyseus server: `map` rooms (filtered by mapId) that only answer `result`. PORT from the environment. */
import config, { listen } from "@colyseus/tools";
import { BareRoom } from "./BareRoom.js";

const port = Number(process.env.PORT ?? 2570);
const arena = config({
  displayLogs: false,
  options: { greet: false },
  initializeGameServer: (gameServer) => {
    gameServer.define("map", BareRoom).filterBy(["mapId"]);
  },
  initializeExpress: (app) => {
    app.get("/health", (_req, res) => {
      res.json({ ok: true });
    });
  },
});
await listen(arena, port);
