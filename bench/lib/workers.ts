import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import type { WorkerRequest } from "../botWorker.js";
import { mergeStats, type BotStatsJson } from "./botStats.js";
import { track } from "./children.js";
import { REPO_ROOT } from "./serverProcess.js";

interface Reply {
  id: number;
  error?: string;
  stats?: BotStatsJson;
  [key: string]: unknown;
}

/** One forked bot process and its request/reply channel. */
class BotWorker {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  readonly ready: Promise<void>;

  constructor(readonly child: ChildProcess) {
    this.ready = new Promise((resolve, reject) => {
      child.on("message", (m: Reply | { ready: true }) => {
        if ("ready" in m) return resolve();
        const w = this.waiting.get(m.id);
        if (!w) return;
        this.waiting.delete(m.id);
        if (m.error) w.reject(new Error(m.error));
        else w.resolve(m);
      });
      child.once("exit", (code) => {
        reject(new Error(`bot worker exited (${code})`));
        for (const w of this.waiting.values()) w.reject(new Error(`bot worker exited (${code})`));
        this.waiting.clear();
      });
    });
  }

  request(req: WorkerRequest, timeoutMs: number): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`bot worker: ${req.op} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.child.send({ ...req, id });
    });
  }
}

/** A pool of bot processes (`node --import tsx bench/botWorker.ts`), each driving a share of the bots. */
export class WorkerPool {
  private constructor(readonly workers: BotWorker[]) {}

  static async start(count: number): Promise<WorkerPool> {
    const workers = Array.from({ length: count }, () =>
      new BotWorker(track(fork(`${REPO_ROOT}/bench/botWorker.ts`, [], { cwd: REPO_ROOT, execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] }))),
    );
    await Promise.all(workers.map((w) => w.ready));
    return new WorkerPool(workers);
  }

  get pids(): number[] {
    return this.workers.map((w) => w.child.pid!);
  }

  /** Sends `make(i)` to worker i and waits for every reply. */
  async all(make: (i: number) => WorkerRequest, timeoutMs: number): Promise<Reply[]> {
    return Promise.all(this.workers.map((w, i) => w.request(make(i), timeoutMs)));
  }

  async stats(): Promise<ReturnType<typeof mergeStats>> {
    const replies = await this.all(() => ({ op: "collect" }), 10_000);
    return mergeStats(replies.map((r) => r.stats!));
  }

  /** Asks every worker to exit, then kills (by pid) those that did not within 5 s. */
  async close(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.request({ op: "exit" }, 3_000)));
    await Promise.all(this.workers.map(async (w) => {
      if (w.child.exitCode !== null || w.child.signalCode !== null) return;
      const exited = await Promise.race([once(w.child, "exit").then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
      if (!exited) w.child.kill("SIGKILL");
    }));
  }
}
