import type { BatchSyncResult } from "../scenarios/batchSync.js";
import { pastKnee, type CcuStep } from "../scenarios/ccu.js";
import type { RetainedMemory } from "./inspector.js";
import type { JoinResult } from "../scenarios/join.js";
import type { NpcStep } from "../scenarios/npcs.js";
import type { RoundTripResult } from "../scenarios/valkeyRoundTrips.js";

/** The targets of docs/PERFORMANCE.md (issue 13), reported by the bench, never asserted. */
export const TARGETS = {
  players: "Players on one process at 5 commands/s, spread over the mainland, p99 command-to-result < 100 ms and >= 99% ok: >= 1,000",
  cpuRatio: "Server CPU per command vs the same-state bare room: <= 2x",
  overload: "Past the knee: no 4002 closes, RATE_LIMITED only for commands that arrived early, new joins refused with SERVER_FULL",
  joins: "100 simultaneous joins p99 < 300 ms; a lone join p99 < 30 ms",
  valkey: "Valkey requests per command: 1 for every gameplay command, drop and pickup included",
  syncMoved: "Batch sync of 10,000 dirty players, 90% of whom only moved: < 1 s",
  syncFull: "Batch sync of 10,000 full players (510,000 rows): >= 75% of PostgreSQL's own upsert rate for the same rows (COPY + INSERT ... ON CONFLICT, same run)",
  memory: "Memory per player: < 150 KB",
  npcs: "2,000 NPCs cost under 10% of one core at 600 ms ticks",
} as const;

export interface Verdict {
  target: string;
  measured: string;
  met: boolean | null;
  /** For a missed target: what bounds it (from the measurements and, where there is one, the CPU profile). */
  bound?: string;
}

/** The per-step CPU profile summaries the runner stores with `--profile`. */
export interface StepProfile {
  players: number;
  busyShare: number;
  topPackages: { name: string; sharePct: number }[];
  topFunctions: { name: string; sharePct: number }[];
}

export interface VerdictInput {
  ccu?: { steps: CcuStep[]; profile?: { windows: StepProfile[] } | null; memoryBase?: RetainedMemory | null };
  bareView?: { steps: CcuStep[]; memoryBase?: RetainedMemory | null };
  batchSync?: BatchSyncResult[];
  join?: JoinResult;
  valkeyRoundTrips?: RoundTripResult;
  npcs?: { steps: NpcStep[] };
}

const round = (v: number, d = 2) => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : NaN);
const pct = (v: number) => `${round(v * 100, 1)}%`;

/**
 * The largest step that holds with every bot in, and the first step after it past the knee: one that does
 * not hold, or one whose newcomers the process refused (SERVER_FULL) because it judged itself past it.
 */
export function ladderKnee(steps: readonly CcuStep[]): { held: CcuStep | null; next: CcuStep | null } {
  let held: CcuStep | null = null;
  for (const s of steps) {
    if (pastKnee(s)) return { held, next: s };
    held = s;
  }
  return { held, next: null };
}

/**
 * What bounds a step that does not hold, from its numbers: the server's main thread (about one core: Node
 * runs the room on one thread), the machine's two cores (server, bots, Valkey, PostgreSQL and other work),
 * the bots themselves; plus the top of the server's CPU profile for that step when there is one.
 */
export function boundOf(step: CcuStep, profile?: StepProfile): string {
  const parts: string[] = [];
  if (step.serverCpuCores >= 0.85) parts.push(`the server's main thread is saturated (${step.serverCpuCores} cores; one event loop)`);
  if (step.machineCpuCores >= 1.8) {
    parts.push(`the machine's 2 cores are busy (${step.machineCpuCores}: server ${step.serverCpuCores}, bots ${step.botCpuCores}, Valkey ${step.valkeyCpuCores ?? "?"}, other ${step.otherCpuCores})`);
  }
  if (step.botCpuCores >= 0.8 && step.botCpuCores >= step.serverCpuCores) parts.push(`the bots' own CPU (${step.botCpuCores} cores, ${step.decoding} decoding)`);
  if (step.refused > 0) parts.push(`admission control refused ${step.refused} of ${step.players} bots with SERVER_FULL (sustained event-loop lag ${step.admissionLagMs ?? "?"} ms at the end of the window)`);
  if (step.active < step.players - step.refused) parts.push(`${step.players - step.refused - step.active} of ${step.players} bots not in (joins failed, or disconnected)`);
  if (parts.length === 0) parts.push(`no resource saturated (server ${step.serverCpuCores}, bots ${step.botCpuCores}, machine ${step.machineCpuCores} cores): latency from queueing (event-loop lag p99 ${step.eventLoopLagP99Ms ?? "?"} ms)`);
  if (profile) {
    parts.push(`profile: main thread ${profile.busyShare}% busy; top ${profile.topPackages.slice(0, 4).map((p) => `${p.name} ${p.sharePct}%`).join(", ")}; ` +
      `functions ${profile.topFunctions.slice(0, 3).map((f) => `${f.name} ${f.sharePct}%`).join(", ")}`);
  }
  return parts.join("; ");
}

/** Least-squares slope of y over x (NaN with fewer than two distinct x). */
export function slopeOf(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return sxx > 0 ? points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0) / sxx : NaN;
}

/**
 * Memory per player from the retained (after full GC) reads of a ladder: the slope over the steps' ends (bots
 * paused after their window), of the V8 heap and of external memory (Buffers, ArrayBuffers), so that what every
 * process holds once (modules, the room, the world) is not divided among the players; with one step, its growth
 * since the fresh server. Also the idle slope (just after the joins) and the first step against the fresh server.
 */
export function memoryPerPlayer(steps: readonly CcuStep[], base: RetainedMemory | null) {
  const measured = steps.filter((s) => s.retained);
  if (measured.length === 0) return null;
  const kb = (v: number) => round(v / 1024, 1);
  const fit = (pick: (m: RetainedMemory) => number, at: "joined" | "end") => {
    const points = measured.map((s) => ({ x: s.retained![at].players, y: pick(s.retained![at]) }));
    // Without steps at two player counts (one step, or every later newcomer refused with SERVER_FULL) the only
    // slope is the one through the fresh server.
    return new Set(points.map((p) => p.x)).size >= 2 || !base ? slopeOf(points) : slopeOf([{ x: 0, y: pick(base) }, ...points]);
  };
  const heap = fit((m) => m.heapUsed, "end");
  const external = fit((m) => m.external, "end");
  const first = measured[0]!.retained!.joined;
  return {
    players: measured.map((s) => s.retained!.end.players),
    heapKb: kb(heap),
    externalKb: kb(external),
    totalKb: kb(heap + external),
    idleHeapKb: kb(fit((m) => m.heapUsed, "joined")),
    firstSteps: first.players,
    directKb: base ? kb((first.heapUsed + first.external - base.heapUsed - base.external) / Math.max(1, first.players)) : NaN,
  };
}

/** The verdict rows of the targets table, from whatever scenarios ran. */
export function verdicts(r: VerdictInput): Verdict[] {
  const out: Verdict[] = [];
  if (r.ccu && r.ccu.steps.length > 0) {
    const { held, next } = ladderKnee(r.ccu.steps);
    const stepText = (s: CcuStep) => `${s.players}${s.refused > 0 ? ` (${s.active} in, ${s.refused} refused with SERVER_FULL)` : ""}: p99 ${s.p99Ms} ms, ${pct(s.okRatio)} ok`;
    const profile = next ? r.ccu.profile?.windows.find((w) => w.players === next.players) : undefined;
    out.push({
      target: TARGETS.players,
      measured: `largest step that holds: ${held ? stepText(held) : "none"}${next ? `; next ${stepText(next)}` : "; every step held"}`,
      met: (held?.players ?? 0) >= 1000,
      ...(next ? { bound: boundOf(next, profile) } : {}),
    });
    const past = r.ccu.steps.filter(pastKnee);
    if (past.length > 0) {
      const sum = (f: (s: CcuStep) => number) => past.reduce((a, s) => a + f(s), 0);
      const closes = sum((s) => s.overload.closes4002);
      const late = sum((s) => s.overload.rateLimitedSentLate);
      const full = sum((s) => s.overload.serverFullJoins);
      out.push({
        target: TARGETS.overload,
        measured: `steps ${past.map((s) => s.players).join(", ")}: ${closes} closes with 4002; ${sum((s) => s.overload.rateLimited)} RATE_LIMITED, ${late} of them for commands sent a cooldown after the last accepted one; ${full} joins refused with SERVER_FULL`,
        met: closes === 0 && late === 0 && full > 0,
        ...(full === 0 ? { bound: "no join was refused: admission control did not trigger before the step failed" } : {}),
      });
    } else {
      out.push({ target: TARGETS.overload, measured: "no step past the knee was measured", met: null });
    }
    const memory = memoryPerPlayer(r.ccu.steps, r.ccu.memoryBase ?? null);
    if (memory) {
      const bare = r.bareView ? memoryPerPlayer(r.bareView.steps, r.bareView.memoryBase ?? null) : null;
      out.push({
        target: TARGETS.memory,
        measured: `${memory.totalKb} KB per player retained after full GCs (V8 heap ${memory.heapKb} KB + external/Buffers ${memory.externalKb} KB; ` +
          `slope over ${memory.players.join(", ")} players at the windows' ends); idle players just joined ${memory.idleHeapKb} KB of heap; ` +
          `${memory.firstSteps} idle players vs the fresh server: ${memory.directKb} KB each (the room's creation and one-off warm-up included)` +
          (bare ? `; the same-state bare room: ${bare.totalKb} KB (heap ${bare.heapKb})` : ""),
        met: memory.totalKb < 150,
        bound: "the player's schema instances and their Colyseus change trees, its StateView, its WebSocket and the room's mirrors of it: see the per-constructor attribution in the analysis below",
      });
    }
  }
  if (r.ccu && r.bareView) {
    const pairs = r.ccu.steps.flatMap((s) => {
      const b = r.bareView!.steps.find((x) => x.players === s.players);
      return b && s.holds ? [{ players: s.players, ours: s.serverCpuMsPerCommand, bare: b.serverCpuMsPerCommand, ratio: round(s.serverCpuMsPerCommand / b.serverCpuMsPerCommand, 2) }] : [];
    });
    if (pairs.length > 0) {
      const worst = pairs.reduce((a, p) => (p.ratio > a.ratio ? p : a));
      out.push({
        target: TARGETS.cpuRatio,
        measured: pairs.map((p) => `${p.players}: ${p.ratio}x`).join(", ") + " (steps where our server holds)",
        met: worst.ratio <= 2,
        bound: `at ${worst.players} players ${worst.ours} ms of server CPU per command against ${worst.bare} ms: the rest is the command's own path ` +
          "(validation, the Valkey commit and its reply, the snapshot cache) and the world (NPC ticks, the room clock)",
      });
    }
  }
  if (r.join) {
    const j = r.join;
    out.push({
      target: TARGETS.joins,
      measured: `${j.concurrentJoins} at once: p99 ${j.p99Ms} ms (p50 ${j.p50Ms}); one at a time: p99 ${j.sequential.p99Ms} ms (p50 ${j.sequential.p50Ms})`,
      met: j.concurrentJoins >= 100 ? j.p99Ms < 300 && j.sequential.p99Ms < 30 : null,
      bound: `the joins share one event loop: the burst's p99 is ${round(j.p99Ms / j.sequential.p50Ms, 0)}x the median of one join alone` +
        (j.cpuMsPerJoin ? `; CPU per join: server ${j.cpuMsPerJoin.server} ms, bots ${j.cpuMsPerJoin.bots} ms (same 2 cores)` : "") +
        (j.bare ? `; the same-state bare room: p99 ${j.bare.p99Ms} ms, server ${j.bare.serverCpuMsPerJoin} ms CPU per join` : ""),
    });
  }
  if (r.valkeyRoundTrips) {
    const rows = r.valkeyRoundTrips.rows;
    const over = rows.filter((x) => x.requestsPerCommand > 1.05);
    out.push({
      target: TARGETS.valkey,
      measured: rows.map((x) => `${x.type} ${x.requestsPerCommand}`).join(", "),
      met: over.length === 0,
      bound: over.map((x) => `${x.type}: ${x.requestsPerCommand} requests (${x.scriptsPerCommand} scripts; calls ${Object.entries(x.callsByName).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, n]) => `${k} ${n}`).join(", ")})`).join("; "),
    });
  }
  const sync = r.batchSync?.find((s) => s.players === 10_000) ?? r.batchSync?.at(-1);
  if (sync) {
    const of = sync.players === 10_000 ? "" : ` (at ${sync.players} players: 10,000 not run)`;
    out.push({
      target: TARGETS.syncMoved,
      measured: `${sync.movedMostly.syncS} s, ${sync.movedMostly.rows} rows (Valkey read ${sync.movedMostly.phasesS?.valkeyRead ?? "?"} s, PostgreSQL write ${sync.movedMostly.phasesS?.postgresWrite ?? "?"} s)${of}`,
      met: sync.players === 10_000 ? sync.movedMostly.syncS < 1 : null,
    });
    out.push({
      target: TARGETS.syncFull,
      measured: `${pct(sync.ofPostgresRate)}: the sync ${sync.full.rowsPerS} rows/s (${sync.full.rows} rows in ${sync.full.syncS} s), PostgreSQL ${sync.postgres.rowsPerS} rows/s (${sync.postgres.rows} rows in ${sync.postgres.seconds} s)${of}`,
      met: sync.players === 10_000 ? sync.ofPostgresRate >= 0.75 : null,
    });
  }
  const idle = r.npcs?.steps.find((s) => s.npcs === 2_000);
  const idleBase = r.npcs?.steps.find((s) => s.npcs === 0 && s.bots === idle?.bots);
  if (idle && idleBase) {
    const extra = idle.serverCpuCores - idleBase.serverCpuCores;
    out.push({
      target: TARGETS.npcs,
      measured: `${round(extra * 100, 1)}% of a core more than the same bots without NPCs (ticks: ${round(idle.tickCoreShare * 100, 1)}% of a core, p50 ${idle.tickP50Ms} ms, p99 ${idle.tickP99Ms} ms)`,
      met: extra < 0.1,
    });
  }
  return out;
}
