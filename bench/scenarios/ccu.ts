import { setTimeout as sleep } from "node:timers/promises";
import type { WorkerBot } from "../botWorker.js";
import { codesByCode } from "../lib/botStats.js";
import { withInspector, type RetainedMemory } from "../lib/inspector.js";
import { cpuMeter, machineMeter, rssBytesOf } from "../lib/proc.js";
import { scrape, serverQuantileMs, type Scrape } from "../lib/promText.js";
import type { ServerProcess } from "../lib/serverProcess.js";
import { valkeyCpuSeconds } from "../lib/valkey.js";
import { WorkerPool } from "../lib/workers.js";
import type { BenchContext } from "./context.js";

export interface CcuStep {
  /** Bots of the ladder so far (each tried to join once; those refused with SERVER_FULL stay out). */
  players: number;
  joined: number;
  /** Joins that failed for another reason than SERVER_FULL (so far). */
  joinFailed: number;
  /** Bots of the ladder refused with SERVER_FULL so far: admission control, the intended outcome past the knee. */
  refused: number;
  /** Bots not even tried within the step's join budget. */
  joinNotAttempted: number;
  /** Joined and not disconnected at the end of the window. */
  active: number;
  joinErrors: Record<string, number>;
  joinP50Ms: number;
  joinP99Ms: number;
  offeredPerS: number;
  commandsPerS: number;
  sent: number;
  results: number;
  noResult: number;
  okRatio: number;
  codes: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  serverP50Ms: number | null;
  serverP99Ms: number | null;
  patchBytesPerClientPerS: number;
  bytesPerClientPerS: number;
  serverCpuCores: number;
  serverCpuMsPerCommand: number;
  valkeyCpuCores: number | null;
  botCpuCores: number;
  /** Cores busy machine-wide in the window, and what is left after the server, the bots and Valkey (PostgreSQL, the runner, other work on the machine). */
  machineCpuCores: number;
  otherCpuCores: number;
  rssMb: number;
  rssKbPerPlayer: number;
  eventLoopLagP99Ms: number | null;
  /** The sustained lag admission control looked at, at the end of the window (`rpg_admission_lag_seconds`). */
  admissionLagMs: number | null;
  /**
   * The server's V8 heap retained after full garbage collections at the end of the step (MB; bots paused), and
   * its growth per player added since the previous step (KB; for the first step, since the fresh server before
   * any join: the room's creation and one-off warm-up included). Null when the server has no inspector, or the step added no player (newcomers refused).
   */
  heapUsedMb: number | null;
  heapKbPerPlayer: number | null;
  /**
   * Retained memory after full garbage collections (DevTools protocol `HeapProfiler.collectGarbage`, then the
   * server's `process.memoryUsage()`): `joined` just after this step's joins, before the bots' first command of
   * the step (players idle), `end` after the measured window with the bots paused; `players` is how many were
   * in at each moment. The fresh server's is the sweep's `memoryBase`.
   */
  retained: { joined: RetainedMemory & { players: number }; end: RetainedMemory & { players: number } } | null;
  disconnects: Record<string, number>;
  /** The fraction of bots asked to decode every patch in this step, and how many did. */
  decodeFraction: number;
  decoding: number;
  /** Past the knee: connections closed with 4002 (or kicked for flooding), RATE_LIMITED results (and those of
   * commands the bot sent at least a cooldown after its last accepted one), joins refused with SERVER_FULL. */
  overload: { closes4002: number; rateLimited: number; rateLimitedSentLate: number; serverFullJoins: number };
  /** p99 < 100 ms, >= 99% ok and every bot of the step in that was not refused with SERVER_FULL. */
  holds: boolean;
  windowS: number;
  /** The measured window in seconds since the (first) server process started, for its CPU profile. */
  profileWindowS: { from: number; to: number };
}

export interface CcuTarget {
  label: string;
  /** The server processes (CPU and memory are summed over them). */
  servers: ServerProcess[];
  /** Where bot i joins (its server's URL). */
  endpointOf: (i: number) => string;
  /** Whether bots wait for their own player in the first state (the map room) or any state (bare room). */
  waitForPlayer: boolean;
  metrics: boolean;
  /** The same-state bare room learns each bot's player and position from its join options. */
  positionInJoinOptions?: boolean;
}

/**
 * A step holds when p99 < 100 ms, at least 99% of results are ok and every bot of the step is in, but for
 * those refused with SERVER_FULL: refusing newcomers is how a process past its knee keeps holding for the
 * players it has (the results are over the bots that are in; the refused are reported, `refused`).
 */
export function stepHolds(s: Pick<CcuStep, "players" | "refused" | "active" | "p99Ms" | "okRatio">): boolean {
  return s.p99Ms < 100 && s.okRatio >= 0.99 && s.active >= s.players - s.refused;
}

/** Past the knee: a step that does not hold, or one after the process refused newcomers (it judged itself past it). */
export const pastKnee = (s: Pick<CcuStep, "holds" | "refused">): boolean => !s.holds || s.refused > 0;

/** The decode fraction of step k: the option's k-th value (the last repeats), never above an earlier step's. */
export function decodeFractionOf(decode: readonly number[], k: number): number {
  let f = 1;
  for (let i = 0; i <= k; i++) f = Math.min(f, decode[Math.min(i, decode.length - 1)] ?? 1);
  return Math.max(0, f);
}

/** A bot's place in [0, 1) for decode sampling: evenly spread over the bots (golden ratio sequence). */
export const decodeSampleOf = (i: number): number => (i * 0.6180339887498949) % 1;

/**
 * Waits until the server has handled every command it was sent: its command count (from /metrics) stops
 * growing for half a second; without metrics, a fixed second. Bounded by `timeoutMs`.
 */
async function drained(target: CcuTarget, log: (s: string) => void, timeoutMs = 20_000): Promise<void> {
  if (!target.metrics) return void (await sleep(1_000));
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  while (Date.now() < deadline) {
    const counts = await Promise.all(target.servers.map(async (s) => (await scrape(s.url))?.commandCount ?? NaN));
    const count = counts.reduce((a, b) => a + b, 0);
    if (count === last) return;
    last = count;
    await sleep(500);
  }
  log(`  ${target.label}: the server was still handling commands ${timeoutMs / 1000} s after the bots paused`);
}

/** How long the bench leaves the server alone after it forced a collection (two of its lag windows). */
const AFTER_GC_MS = 2_000;

const round = (v: number, d = 2) => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : NaN);

/**
 * The CCU sweep: the bots are added step by step (100, 250, ... players), each step is warmed up and then
 * measured for `measureS`. Bots live in `workers` processes; every bot sends `rate` commands per second.
 * A step's new bots join while the bots already in keep playing, as newcomers reach a live world: past its
 * knee the process refuses them with SERVER_FULL (counted in `refused` and `overload.serverFullJoins`, not
 * retried), and the step's measures are over the bots that are in. Retained memory is read with every bot
 * paused and the server's backlog drained.
 */
export async function ccuSweep(ctx: BenchContext, target: CcuTarget, log: (s: string) => void): Promise<CcuStep[] & { failures: { players: number; error: string }[]; memoryBase: RetainedMemory | null }> {
  const { ccuSteps, measureS, warmupS, rate, workers: workerCount, maps, decode } = ctx.options;
  const joinBudgetMs = (ctx.options.quick ? 60 : 180) * 1000;
  const max = Math.max(...ccuSteps);
  const mapOf = (i: number) => maps[i % maps.length]!;
  const placements = ctx.placements(max, mapOf);
  const accounts = await ctx.accounts("bbc", max, (i) => placements[i]!);
  const pool = await WorkerPool.start(workerCount);
  const steps: CcuStep[] = [];
  const failures: { players: number; error: string }[] = [];
  const rssIdle = target.servers.reduce((s, p) => s + rssBytesOf(p.pid), 0);
  // Retained memory after a full collection, read over the inspector (one server only: the sum over processes
  // would mix their collections).
  const inspectorUrl = target.servers.length === 1 ? target.servers[0]!.inspectorUrl : null;
  const retained = async (players: number): Promise<(RetainedMemory & { players: number }) | null> => {
    if (!inspectorUrl) return null;
    try {
      return { ...(await withInspector(inspectorUrl, (i) => i.retained())), players };
    } catch (err) {
      log(`  ${target.label}: retained memory not read: ${(err as Error).message}`);
      return null;
    } finally {
      // The forced collections pause the server's event loop; its admission control looks at sustained lag
      // (one pause does not refuse joins), but the joins that follow should meet a server that has recovered.
      await sleep(AFTER_GC_MS);
    }
  };
  const memoryBase = await retained(0);
  let heapBase = memoryBase;
  let joinedSoFar = 0;
  try {
    for (const [k, players] of ccuSteps.entries()) {
      const decodeFraction = decodeFractionOf(decode, k);
      try {
        const fresh = accounts.slice(joinedSoFar, players).map((a, j): WorkerBot & { i: number } => {
          const i = joinedSoFar + j;
          const sample = decodeSampleOf(i);
          const at = placements[i]!;
          return {
            i, id: a.id, token: ctx.token(a), mapId: mapOf(i), decode: sample < decodeFraction, sample,
            ...(target.positionInJoinOptions ? { joinOptions: { id: a.id, x: at.x, y: at.y } } : {}),
          };
        });
        const share = (w: number) => fresh.filter((b) => b.i % workerCount === w);
        log(`  ${target.label}: joining ${fresh.length} bots (total ${players}) while the others play`);
        // Bots paused for the previous step's memory reading play again (a no-op for those playing).
        await pool.all(() => ({ op: "start", rate, inventoryEvery: 5 }), 10_000);
        const refusedBefore = (await pool.stats()).joinRefused;
        const joinStarted = Date.now();
        const joinReplies = await pool.all((w) => ({
          op: "join", endpoint: target.endpointOf(w), bots: share(w), concurrency: 10, waitForPlayer: target.waitForPlayer, timeoutMs: 30_000, budgetMs: joinBudgetMs,
        }), joinBudgetMs + 60_000);
        const notAttempted = joinReplies.reduce((s, r) => s + Number(r.notAttempted ?? 0), 0);
        log(`  ${target.label}: joins done in ${((Date.now() - joinStarted) / 1000).toFixed(1)} s${notAttempted > 0 ? ` (${notAttempted} not attempted: budget)` : ""}`);
        joinedSoFar = players;
        await pool.all(() => ({ op: "decode", fraction: decodeFraction }), 10_000);
        const joinedNow = (await pool.stats()).joined;
        if (inspectorUrl) {
          await pool.all(() => ({ op: "stop" }), 10_000);
          await drained(target, log);
        }
        const retainedJoined = await retained(joinedNow);
        await pool.all(() => ({ op: "start", rate, inventoryEvery: 5 }), 10_000);
        await sleep(warmupS * 1000);
        const joinStats = await pool.stats();

        await pool.all(() => ({ op: "mark" }), 10_000);
        const windowFrom = (Date.now() - target.servers[0]!.startedAt) / 1000;
        const meters = target.servers.map((s) => cpuMeter(s.pid));
        const botMeters = pool.pids.map((pid) => cpuMeter(pid));
        const machine = machineMeter();
        const valkeyCpu0 = ctx.valkey.private ? await valkeyCpuSeconds(ctx.valkey.admin) : NaN;
        const before: (Scrape | null)[] = target.metrics ? await Promise.all(target.servers.map((s) => scrape(s.url))) : [];
        await sleep(measureS * 1000);
        const stats = await pool.stats();
        const windowTo = (Date.now() - target.servers[0]!.startedAt) / 1000;
        const cpu = meters.map((m) => m.stop());
        const botCpu = botMeters.map((m) => m.stop());
        const machineCores = machine.stop();
        const valkeyCpu1 = ctx.valkey.private ? await valkeyCpuSeconds(ctx.valkey.admin) : NaN;
        const after: (Scrape | null)[] = target.metrics ? await Promise.all(target.servers.map((s) => scrape(s.url))) : [];
        const rss = target.servers.reduce((s, p) => s + rssBytesOf(p.pid), 0);
        // Bots paused and the server's backlog drained: what the players retain, not the commands in flight.
        if (inspectorUrl) {
          await pool.all(() => ({ op: "stop" }), 10_000);
          await drained(target, log);
        }
        const windowS = stats.windowS;
        const lat = stats.latencyHist.summary();
        const serverCpuCores = cpu.reduce((s, c) => s + c.coreShare, 0);
        const codes = codesByCode(stats.codes);
        const activeNow = stats.joined - Object.values(stats.disconnects).reduce((a, b) => a + b, 0);
        const retainedEnd = await retained(activeNow);
        const serverQ = (q: number) => {
          if (!target.metrics || before.length !== 1 || !before[0] || !after[0]) return null;
          return round(serverQuantileMs(before[0], after[0], q));
        };
        const step: CcuStep = {
          players,
          joined: joinStats.joined,
          joinFailed: joinStats.joinFailed,
          refused: joinStats.joinRefused,
          joinNotAttempted: notAttempted,
          active: activeNow,
          joinErrors: joinStats.joinErrors,
          joinP50Ms: round(joinStats.joinHist.quantile(0.5)),
          joinP99Ms: round(joinStats.joinHist.quantile(0.99)),
          offeredPerS: round(stats.sent / windowS, 1),
          commandsPerS: round(stats.results / windowS, 1),
          sent: stats.sent,
          results: stats.results,
          noResult: stats.noResult,
          okRatio: round((codes.ok ?? 0) / Math.max(1, stats.results), 4),
          codes,
          p50Ms: lat.p50,
          p95Ms: lat.p95,
          p99Ms: lat.p99,
          maxMs: lat.max,
          serverP50Ms: serverQ(0.5),
          serverP99Ms: serverQ(0.99),
          patchBytesPerClientPerS: round(stats.patchBytes / Math.max(1, stats.countedClients) / windowS, 0),
          bytesPerClientPerS: round(stats.bytesReceived / Math.max(1, stats.countedClients) / windowS, 0),
          serverCpuCores: round(serverCpuCores, 3),
          serverCpuMsPerCommand: round((serverCpuCores * 1000) / Math.max(1e-9, stats.results / windowS), 3),
          valkeyCpuCores: ctx.valkey.private ? round((valkeyCpu1 - valkeyCpu0) / windowS, 3) : null,
          botCpuCores: round(botCpu.reduce((s, c) => s + c.coreShare, 0), 3),
          machineCpuCores: round(machineCores, 2),
          otherCpuCores: round(machineCores - serverCpuCores - botCpu.reduce((s, c) => s + c.coreShare, 0) - (ctx.valkey.private ? (valkeyCpu1 - valkeyCpu0) / windowS : 0), 2),
          rssMb: round(rss / 1024 ** 2, 1),
          rssKbPerPlayer: round((rss - rssIdle) / 1024 / Math.max(1, stats.joined), 1),
          eventLoopLagP99Ms: target.metrics && after[0] ? round(after[0].eventLoopLagP99S * 1000) : null,
          admissionLagMs: target.metrics && after[0] && Number.isFinite(after[0].admissionLagS) ? round(after[0].admissionLagS * 1000) : null,
          heapUsedMb: retainedEnd ? round(retainedEnd.heapUsed / 1024 ** 2, 1) : null,
          heapKbPerPlayer: retainedEnd && heapBase && retainedEnd.players > heapBase.players ? round((retainedEnd.heapUsed - heapBase.heapUsed) / 1024 / Math.max(1, retainedEnd.players - heapBase.players), 1) : null,
          retained: retainedJoined && retainedEnd ? { joined: retainedJoined, end: retainedEnd } : null,
          disconnects: stats.disconnects,
          decodeFraction,
          decoding: stats.decoding,
          overload: {
            closes4002: (stats.disconnects["4002"] ?? 0) + (stats.kicked.FLOODING ?? 0),
            rateLimited: codes.RATE_LIMITED ?? 0,
            rateLimitedSentLate: stats.rateLimitedSentLate,
            serverFullJoins: joinStats.joinRefused - refusedBefore,
          },
          holds: false,
          windowS: round(windowS, 2),
          profileWindowS: { from: round(windowFrom, 1), to: round(windowTo, 1) },
        };
        step.holds = stepHolds(step);
        if (retainedEnd) heapBase = retainedEnd;
        steps.push(step);
        log(`  ${target.label} ${players}: ${step.commandsPerS}/s (offered ${step.offeredPerS}), p50 ${step.p50Ms} p95 ${step.p95Ms} p99 ${step.p99Ms} ms, ` +
          `server p99 ~${step.serverP99Ms ?? "-"} ms, cpu ${step.serverCpuCores}, patch ${step.patchBytesPerClientPerS} B/client/s, ok ${step.okRatio}, ` +
          `rss ${step.rssMb} MB, heap after GC ${step.heapUsedMb ?? "-"} MB (${step.heapKbPerPlayer ?? "-"} KB/player added; scraped before it ${after[0] ? round(after[0].heapUsedBytes / 1024 ** 2, 1) : "-"} MB), joinFailed ${step.joinFailed}, refused ${step.refused} (admission lag ${step.admissionLagMs ?? "-"} ms); bots ${step.botCpuCores} cores (${step.decoding} decoding); ` +
          `overload ${JSON.stringify(step.overload)}; ${step.holds ? "holds" : "does NOT hold"}`);
      } catch (err) {
        log(`  ${target.label} ${players}: step failed: ${(err as Error).message}; the sweep stops here`);
        failures.push({ players, error: (err as Error).message });
        break;
      }
    }
    await pool.all(() => ({ op: "leave" }), 60_000).catch((err: unknown) => log(`  leave: ${String(err)}`));
  } finally {
    await pool.close();
  }
  return Object.assign(steps, { failures, memoryBase });
}
