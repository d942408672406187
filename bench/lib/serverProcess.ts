import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { track } from "./children.js";
import { INSPECTOR_URL } from "./inspector.js";
import { getText, waitUntil } from "./net.js";

export const REPO_ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

export interface ServerProcess {
  name: string;
  pid: number;
  port: number;
  url: string;
  logFile: string;
  /** Date.now() when the process was spawned (profiles count their time from about then). */
  startedAt: number;
  /** SIGTERM, wait up to `timeoutMs` for the exit, then SIGKILL. Returns the exit code or signal. */
  stop(timeoutMs?: number): Promise<string>;
  /** The process's output so far. */
  output(): string;
  exited(): boolean;
  /** The Chrome DevTools Protocol address of the process when started with `inspect` (else null). */
  inspectorUrl: string | null;
}

export interface StartOptions {
  name: string;
  /** Script path relative to the repository root (run with `node --import tsx`). */
  script: string;
  scriptArgs?: string[];
  port: number;
  env: Record<string, string>;
  /** Extra node flags, e.g. ["--cpu-prof", "--cpu-prof-dir=..."]. */
  nodeFlags?: string[];
  logDir: string;
  startTimeoutMs?: number;
  /**
   * Start with `--inspect=127.0.0.1:0` (a free port the OS picks; Node prints the address on stderr) so the
   * bench can collect garbage and read the retained heap over the DevTools protocol. A node flag, like
   * `--cpu-prof`: the server code reads nothing of it.
   */
  inspect?: boolean;
}

/** Starts `node --import tsx <script>` as a child on 127.0.0.1:<port> and waits until GET /health answers 200. */
export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${options.name}.log`);
  const log = createWriteStream(logFile);
  const startedAt = Date.now();
  const child: ChildProcess = track(spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), ...(options.inspect ? ["--inspect=127.0.0.1:0"] : []), "--import", "tsx", options.script, ...(options.scriptArgs ?? [])],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...options.env, PORT: String(options.port) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  ));
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let inspectorUrl: string | null = null;
  let stderrHead = "";
  if (options.inspect) {
    const onData = (chunk: Buffer) => {
      stderrHead += chunk.toString("utf8");
      const m = INSPECTOR_URL.exec(stderrHead);
      if (m || stderrHead.length > 64_000) {
        inspectorUrl = m?.[1] ?? null;
        child.stderr?.off("data", onData);
      }
    };
    child.stderr?.on("data", onData);
  }
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntil(async () => {
      if (child.exitCode !== null) throw new Error(`${options.name} exited with ${child.exitCode}`);
      return (await getText(`${url}/health`))?.status === 200;
    }, `${options.name} /health`, options.startTimeoutMs ?? 90_000);
  } catch (err) {
    child.kill("SIGKILL");
    throw new Error(`${options.name} did not start: ${(err as Error).message}\n${safeRead(logFile).slice(-2_000)}`, { cause: err });
  }
  return {
    name: options.name,
    pid: child.pid!,
    port: options.port,
    url,
    logFile,
    startedAt,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    output: () => safeRead(logFile),
    get inspectorUrl() {
      return inspectorUrl;
    },
    async stop(timeoutMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const exited = await Promise.race([once(child, "exit").then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs))]);
        if (!exited) {
          child.kill("SIGKILL");
          await Promise.race([once(child, "exit"), new Promise((r) => setTimeout(r, 2_000))]);
        }
      }
      log.end();
      return child.exitCode !== null ? `exit ${child.exitCode}` : `signal ${child.signalCode ?? "?"}`;
    },
  };
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
