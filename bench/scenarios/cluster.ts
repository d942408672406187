import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { track } from "../lib/children.js";
import { descendantsOf } from "../lib/descendants.js";
import { freePort, getText, waitUntil } from "../lib/net.js";
import { REPO_ROOT, type ServerProcess } from "../lib/serverProcess.js";
import { ccuSweep, type CcuStep } from "./ccu.js";
import type { BenchContext } from "./context.js";

export const CLUSTER_SCRIPT = "scripts/startCluster.ts";

export type ClusterResult =
  | { ran: false; reason: string }
  | { ran: true; processes: number; basePort: number; steps: CcuStep[] };

/**
 * The CCU sweep over `processes` server processes started by scripts/startCluster.ts (RedisPresence and
 * RedisDriver on the bench Valkey; consecutive ports). Bots of worker w join through process w % N; CPU
 * and memory are summed over every process the cluster script started.
 */
export async function clusterScenario(ctx: BenchContext, processes: number, log: (s: string) => void): Promise<ClusterResult> {
  if (!existsSync(join(REPO_ROOT, CLUSTER_SCRIPT))) {
    return { ran: false, reason: `${CLUSTER_SCRIPT} does not exist yet (the multi-process issue); rerun \`npm run bench -- --scenarios cluster\` once it does` };
  }
  let basePort = 0;
  for (let attempt = 0; attempt < 20 && basePort === 0; attempt++) {
    const p = await freePort();
    const free = await Promise.all(Array.from({ length: processes }, async (_, k) => (await getText(`http://127.0.0.1:${p + k}/health`, 300)) === null));
    if (p + processes < 65_000 && free.every(Boolean)) basePort = p;
  }
  mkdirSync(ctx.logDir, { recursive: true });
  const logFile = join(ctx.logDir, "cluster.log");
  const out = createWriteStream(logFile);
  const child = track(spawn(process.execPath, ["--import", "tsx", CLUSTER_SCRIPT, "--processes", String(processes), "--base-port", String(basePort)], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...ctx.serverEnv() },
    stdio: ["ignore", "pipe", "pipe"],
  }));
  child.stdout!.pipe(out, { end: false });
  child.stderr!.pipe(out, { end: false });
  const urls = Array.from({ length: processes }, (_, k) => `http://127.0.0.1:${basePort + k}`);
  try {
    await waitUntil(async () => {
      if (child.exitCode !== null) throw new Error(`startCluster exited with ${child.exitCode}`);
      const ok = await Promise.all(urls.map(async (u) => (await getText(`${u}/health`))?.status === 200));
      return ok.every(Boolean);
    }, "the cluster's /health", 120_000);
    // The game servers: node processes running src/index.ts (not tsx's esbuild service).
    const pids = descendantsOf(child.pid!).filter((pid) => {
      const argv = readCmdline(pid).split(" ");
      return /(^|\/)node$/.test(argv[0] ?? "") && argv.some((a) => a.endsWith("src/index.ts"));
    });
    const servers: ServerProcess[] = (pids.length > 0 ? pids : [child.pid!]).map((pid, k) => ({
      name: `cluster-${k}`, pid, port: basePort + k, url: urls[k % urls.length]!, logFile, startedAt: Date.now(),
      stop: () => Promise.resolve("managed by startCluster"), output: () => "", exited: () => false, inspectorUrl: null,
    }));
    log(`  cluster: ${processes} processes on ${basePort}..${basePort + processes - 1} (pids ${servers.map((s) => s.pid).join(", ")})`);
    const steps = await ccuSweep(ctx, { label: `cluster x${processes}`, servers, endpointOf: (w) => urls[w % urls.length]!, waitForPlayer: true, metrics: false }, log);
    return { ran: true, processes, basePort, steps: [...steps] };
  } catch (err) {
    return { ran: false, reason: `cluster run failed: ${(err as Error).message}; see ${logFile}` };
  } finally {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      const exited = await Promise.race([once(child, "exit").then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 20_000))]);
      if (!exited) {
        for (const pid of descendantsOf(child.pid!)) {
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            // already gone
          }
        }
        child.kill("SIGKILL");
      }
    }
    out.end();
  }
}

function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}
