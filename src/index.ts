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
if (cfg.jwtSecretIsDevelopment) {
  log.warn(
    { host: cfg.host },
    "JWT_SECRET is not set: tokens are signed with the public development secret, so anyone can forge them. " +
      "Fine on your own machine; set JWT_SECRET before anyone else can reach this server",
  );
}
const { arena } = createArena(cfg, log);
try {
  await listen(arena, cfg.port);
  log.info({ host: cfg.host ?? "every interface", port: cfg.port }, "server listening");
} catch (err) {
  log.fatal({ err: err instanceof Error ? { name: err.name, message: err.message } : err }, "server failed to start");
  process.stderr.write(`Cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
