/**
 * `npm run start:cluster -- --processes N [--base-port P] [--host H]`: starts N server processes on
 * consecutive ports (P, P+1, ...; P defaults to PORT or 2567), each with CLUSTER=1 and its own
 * PUBLIC_ADDRESS (H:port, H defaults to 127.0.0.1), so they share one world through Valkey. SIGTERM or
 * SIGINT is passed on to every process; the launcher exits when all have exited (with the worst code).
 * A process that dies is not restarted here: run this under a supervisor (systemd, pm2) for that.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    processes: { type: "string", default: "2" },
    "base-port": { type: "string", default: process.env.PORT ?? "2567" },
    host: { type: "string", default: "127.0.0.1" },
  },
});
const count = Number(values.processes);
const basePort = Number(values["base-port"]);
if (!Number.isInteger(count) || count < 1 || count > 64) {
  process.stderr.write(`--processes must be an integer from 1 to 64, got "${values.processes}"\n`);
  process.exit(2);
}
if (!Number.isInteger(basePort) || basePort < 1 || basePort + count - 1 > 65535) {
  process.stderr.write(`--base-port must leave room for ${count} ports, got "${values["base-port"]}"\n`);
  process.exit(2);
}

const root = fileURLToPath(new URL("../", import.meta.url));
const children: ChildProcess[] = [];
let worst = 0;
let running = count;
for (let i = 0; i < count; i++) {
  const port = basePort + i;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), PUBLIC_ADDRESS: `${values.host}:${port}`, CLUSTER: "1" };
  delete env.NODE_APP_INSTANCE;
  const child = spawn(process.execPath, ["--import", "tsx", "src/index.ts"], { cwd: root, env, stdio: "inherit" });
  child.on("exit", (code, signal) => {
    worst = Math.max(worst, code ?? (signal ? 1 : 0));
    if (--running === 0) process.exit(worst);
  });
  children.push(child);
}
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  });
}
