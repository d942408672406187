import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { freePort } from "./server.js";
import { TEST_DATABASE_URL, TEST_SCRYPT_LOG2_N, TEST_VALKEY_URL } from "./stores.js";

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface ServerProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** Sends `signal` and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/**
 * A real server process (`node --import tsx src/index.ts`, as `npm start` runs it) on a free port, with
 * the test run's database and the given Valkey key prefix; resolves once GET /health answers 200. Unless
 * `env` says otherwise, password hashing is cheap, registrations are not limited per address (every
 * test client is 127.0.0.1) and joins are not refused for event-loop lag.
 */
export async function startServerProcess(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const chosenPort = port ?? (await freePort());
  const child = spawn(process.execPath, ["--import", "tsx", "src/index.ts"], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      PORT: String(chosenPort),
      DATABASE_URL: TEST_DATABASE_URL,
      VALKEY_URL: TEST_VALKEY_URL,
      SCRYPT_LOG2_N: TEST_SCRYPT_LOG2_N,
      REGISTRATIONS_PER_ADDRESS: "0",
      // A loaded test machine lags: only the tests of admission by lag turn it on.
      ADMISSION_MAX_EVENT_LOOP_LAG_MS: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${chosenPort}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    const healthy = await fetch(`${url}/health`).then((r) => r.status === 200, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not become healthy:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port: chosenPort,
    url,
    child,
    output: () => output,
    async stop(signal = "SIGTERM", timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, "exit") as Promise<[number | null, string | null]>;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const [code] = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
