import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { WorkerBot } from "../botWorker.js";
import { ensureAccounts, resetAccounts } from "../lib/benchDb.js";
import { codesByCode } from "../lib/botStats.js";
import { writeNpcFields, type FieldMap } from "../lib/npcField.js";
import { cpuMeter, rssBytesOf } from "../lib/proc.js";
import { scrape } from "../lib/promText.js";
import { REPO_ROOT } from "../lib/serverProcess.js";
import { WorkerPool } from "../lib/workers.js";
import type { BenchContext } from "./context.js";

/** One measured step of the NPC scenario: a server with one map, its NPCs, and bots on it. */
export interface NpcStep {
  label: string;
  map: string;
  npcs: number;
  bots: number;
  /** "fight": bots walk to their NPC and attack it; "ccu": the CCU mix (moves and inventory moves). */
  mode: "fight" | "ccu";
  tickMs: number;
  joined: number;
  offeredPerS: number;
  commandsPerS: number;
  okRatio: number;
  codes: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** The synchronous part of a tick (the world's step and the schema changes), from the server's summary. */
  tickP50Ms: number;
  tickP99Ms: number;
  tickMeanMs: number;
  /** That part's share of one core over the window: the sum of the ticks' durations / the window. */
  tickCoreShare: number;
  ticksPerS: number;
  ticksSkipped: number;
  /** The whole server process: the ticks, the commands, the stores' round trips, the patches. */
  serverCpuCores: number;
  patchBytesPerClientPerS: number;
  bytesPerClientPerS: number;
  eventLoopLagP99Ms: number | null;
  rssMb: number;
  windowS: number;
}

const round = (v: number, d = 2) => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : NaN);

interface StepPlan {
  label: string;
  field: FieldMap;
  bots: number;
  mode: "fight" | "ccu";
}

/**
 * The NPC scenario (docs/PERFORMANCE.md "NPCs"): on a 100 x 100 field with 500 NPCs, 200 bots each walk to
 * their own NPC and fight it (killed NPCs respawn in 3 s); the same bots doing the same on the same field
 * without NPCs; 2,000 wandering NPCs on a 150 x 150 field with 20 bots moving about, and those 20 bots
 * without NPCs; all at the default 600 ms tick.
 * Each step runs on a fresh server process that reads the generated maps (`MAPS_DIR`).
 */
export async function npcScenario(ctx: BenchContext, log: (s: string) => void): Promise<{ steps: NpcStep[]; failures: { label: string; error: string }[] }> {
  const mapsDir = join(REPO_ROOT, "bench", ".scratch", "npc-maps");
  const fields = writeNpcFields(mapsDir);
  const plans: StepPlan[] = [
    { label: "500 NPCs, 200 bots fighting", field: fields.field, bots: 200, mode: "fight" },
    { label: "no NPCs, the same 200 bots", field: fields.empty, bots: 200, mode: "fight" },
    { label: "2,000 idle NPCs, 20 bots", field: fields.idle, bots: 20, mode: "ccu" },
    { label: "no NPCs, the same 20 bots", field: fields.empty, bots: 20, mode: "ccu" },
  ];
  const steps: NpcStep[] = [];
  const failures: { label: string; error: string }[] = [];
  for (const plan of plans) {
    try {
      steps.push(await runStep(ctx, plan, mapsDir, log));
      const s = steps.at(-1)!;
      log(`  npcs "${plan.label}": tick p50 ${s.tickP50Ms} ms, p99 ${s.tickP99Ms} ms, ${round(s.tickCoreShare * 100, 1)}% of a core; ` +
        `server ${s.serverCpuCores} cores; ${s.commandsPerS}/s, p50 ${s.p50Ms} p99 ${s.p99Ms} ms; patch ${s.patchBytesPerClientPerS} B/client/s`);
    } catch (err) {
      log(`  npcs "${plan.label}": failed: ${(err as Error).message}`);
      failures.push({ label: plan.label, error: (err as Error).message });
    }
  }
  return { steps, failures };
}

async function runStep(ctx: BenchContext, plan: StepPlan, mapsDir: string, log: (s: string) => void): Promise<NpcStep> {
  const { field } = plan;
  const tickMs = 600;
  const accounts = await ensureAccounts(ctx.gsm, ctx.prisma, "bnpc", plan.bots, { mapId: "town", x: 32, y: 32 });
  await resetAccounts(ctx.prisma, accounts.map((a) => ({ id: a.id, mapId: field.id, ...field.spawn })));
  const server = await ctx.startGameServer(`npcs-${field.id}`, {
    MAPS_DIR: mapsDir, DEFAULT_MAP: field.id, GAME_TICK_MS: String(tickMs), NPC_RESPAWN_SCALE: "0.1",
  });
  const pool = await WorkerPool.start(ctx.options.workers);
  try {
    const bots = accounts.map((a, i): WorkerBot & { i: number } => ({
      i, id: a.id, token: ctx.token(a), mapId: field.id, decode: i % 100 < 2,
      ...(plan.mode === "fight" ? { fight: { ...field.targets[i % field.targets.length]!, spawn: field.spawn } } : {}),
    }));
    const workers = ctx.options.workers;
    log(`  npcs "${plan.label}": joining ${bots.length} bots on ${field.id} (${field.npcs} NPCs)`);
    await pool.all((w) => ({
      op: "join", endpoint: server.url, bots: bots.filter((b) => b.i % workers === w), concurrency: 10, waitForPlayer: true, timeoutMs: 30_000,
    }), 180_000);
    await pool.all(() => ({ op: "start", rate: ctx.options.rate, inventoryEvery: 5, mode: plan.mode }), 10_000);
    // Long enough for every bot to walk to its NPC (at most ~40 steps) before the window opens.
    await sleep(Math.max(ctx.options.warmupS, 15) * 1000);
    await pool.all(() => ({ op: "mark" }), 10_000);
    const meter = cpuMeter(server.pid);
    const before = await scrape(server.url);
    await sleep(ctx.options.measureS * 1000);
    const stats = await pool.stats();
    const cpu = meter.stop();
    const after = await scrape(server.url);
    if (!before || !after) throw new Error("could not read the server's metrics");
    const windowS = stats.windowS;
    const lat = stats.latencyHist.summary();
    const codes = codesByCode(stats.codes);
    const ticks = after.tickCount - before.tickCount;
    const tickSumS = after.tickSumS - before.tickSumS;
    return {
      label: plan.label,
      map: field.id,
      npcs: field.npcs,
      bots: plan.bots,
      mode: plan.mode,
      tickMs,
      joined: stats.joined,
      offeredPerS: round(stats.sent / windowS, 1),
      commandsPerS: round(stats.results / windowS, 1),
      okRatio: round((codes.ok ?? 0) / Math.max(1, stats.results), 4),
      codes: stats.codes,
      p50Ms: lat.p50,
      p95Ms: lat.p95,
      p99Ms: lat.p99,
      tickP50Ms: round(after.tickP50S * 1000, 3),
      tickP99Ms: round(after.tickP99S * 1000, 3),
      tickMeanMs: round((tickSumS * 1000) / Math.max(1, ticks), 3),
      tickCoreShare: round(tickSumS / windowS, 4),
      ticksPerS: round(ticks / windowS, 2),
      ticksSkipped: after.ticksSkipped - before.ticksSkipped,
      serverCpuCores: round(cpu.coreShare, 3),
      patchBytesPerClientPerS: round(stats.patchBytes / Math.max(1, stats.countedClients) / windowS, 0),
      bytesPerClientPerS: round(stats.bytesReceived / Math.max(1, stats.countedClients) / windowS, 0),
      eventLoopLagP99Ms: Number.isFinite(after.eventLoopLagP99S) ? round(after.eventLoopLagP99S * 1000) : null,
      rssMb: round(rssBytesOf(server.pid) / 1024 ** 2, 1),
      windowS: round(windowS, 2),
    };
  } finally {
    await pool.all(() => ({ op: "leave" }), 60_000).catch((err: unknown) => log(`  leave: ${String(err)}`));
    await pool.close();
    log(`  npcs server stopped: ${await server.stop(30_000)}`);
  }
}
