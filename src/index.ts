import { listen } from "@colyseus/tools";
import { createArena } from "../arena.config.js";
import { ConfigError, isLoopback, loadConfig } from "./config/config.js";
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
  const url = browserUrl(cfg.host, cfg.port);
  log.info({ host: cfg.host ?? "every interface", port: cfg.port, url }, `server listening: open ${url}`);
} catch (err) {
  log.fatal({ err: err instanceof Error ? { name: err.name, message: err.message } : err }, "server failed to start");
  process.stderr.write(`Cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

/** The address to open in a browser: localhost, unless the server listens on one other address only. */
function browserUrl(host: string | null, port: number): string {
  const anywhere = host === null || host === "0.0.0.0" || host === "::" || isLoopback(host);
  const name = anywhere ? "localhost" : host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return `http://${name}:${port}/`;
}
