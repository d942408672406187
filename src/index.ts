import { listen } from "@colyseus/tools";
import { createArena } from "../arena.config.js";
import { ConfigError, loadConfig } from "./config/config.js";
import { createLogger } from "./logger.js";

let cfg;
try {
  cfg = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
const log = createLogger(cfg.logLevel);
const { arena } = createArena(cfg, log);
try {
  await listen(arena, cfg.port);
  const url = `http://localhost:${cfg.port}/`;
  log.info({ port: cfg.port, url }, `server listening: open ${url}`);
} catch (err) {
  log.fatal({ err: err instanceof Error ? { name: err.name, message: err.message } : err }, "server failed to start");
  process.stderr.write(`Cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
