import { setTimeout as sleep } from "node:timers/promises";
import { loadMaps } from "../../src/content/loadMaps.js";
import { cpuSecondsOf } from "../lib/proc.js";
import { valkeyCpuSeconds } from "../lib/valkey.js";
import type { ServerProcess } from "../lib/serverProcess.js";
import { WorkerPool } from "../lib/workers.js";
import type { BenchContext } from "./context.js";

export interface JoinResult {
  concurrentJoins: number;
  rounds: number;
  joined: number;
  failed: number;
  errors: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Wall time from the first joinOrCreate to the last first state, per round. */
  roundWallMs: number[];
  /**
   * CPU milliseconds per join of a burst (process user + system time over the burst rounds, divided by the
   * joins): the server process, the bot processes (SDK clients, matchmaking requests, decoding) and Valkey
   * (null when shared). On 2 cores the burst's wall time is about their sum over the cores the server gets.
   */
  cpuMsPerJoin: { server: number; bots: number; valkey: number | null };
  /**
   * The same burst into the same-state bare room (the map room's schema and interest management, no auth,
   * no storage, no rules; every player at the town's spawn, as the map room places them): what Colyseus's
   * own join path costs on this machine, beside ours.
   */
  bare: { p50Ms: number; p99Ms: number; serverCpuMsPerJoin: number; botCpuMsPerJoin: number } | null;
  /** The same joins one at a time (no contention): what one join costs. */
  sequential: { joins: number; p50Ms: number; p99Ms: number; maxMs: number };
}

/**
 * Join latency: `count` bots call joinOrCreate("map") at the same moment (the room already exists: one
 * idle bot holds it) and each measures the time to its first state with its own player in it. Repeated
 * `rounds` times (the bots leave in between, so every join loads the player from PostgreSQL again).
 */
export async function joinScenario(ctx: BenchContext, server: ServerProcess, rounds: number, log: (s: string) => void): Promise<JoinResult> {
  const count = ctx.options.joinCount;
  const accounts = await ctx.accounts("bbj", count + 1);
  const [holder, ...joiners] = accounts;
  const workers = 2;
  const pool = await WorkerPool.start(workers);
  const holderPool = await WorkerPool.start(1);
  const result: JoinResult = {
    concurrentJoins: count, rounds, joined: 0, failed: 0, errors: {}, p50Ms: NaN, p95Ms: NaN, p99Ms: NaN, maxMs: NaN, roundWallMs: [],
    cpuMsPerJoin: { server: NaN, bots: NaN, valkey: null },
    bare: null,
    sequential: { joins: 0, p50Ms: NaN, p99Ms: NaN, maxMs: NaN },
  };
  try {
    await holderPool.all(() => ({ op: "join", endpoint: server.url, bots: [{ id: holder!.id, token: ctx.token(holder!), mapId: "town", decode: false }], concurrency: 1, waitForPlayer: true, timeoutMs: 30_000 }), 60_000);
    await sleep(500);
    const cpu = { server: 0, bots: 0, valkey: 0 };
    const botCpuS = () => pool.pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
    const valkeyCpuS = () => (ctx.valkey.private ? valkeyCpuSeconds(ctx.valkey.admin) : Promise.resolve(NaN));
    for (let r = 0; r < rounds; r++) {
      const bots = joiners.map((a, i) => ({ i, id: a.id, token: ctx.token(a), mapId: "town", decode: true }));
      const [server0, bots0, valkey0] = [cpuSecondsOf(server.pid), botCpuS(), await valkeyCpuS()];
      const started = performance.now();
      await pool.all((w) => ({ op: "join", endpoint: server.url, bots: bots.filter((b) => b.i % workers === w), concurrency: count, waitForPlayer: true, timeoutMs: 30_000 }), 120_000);
      result.roundWallMs.push(Math.round(performance.now() - started));
      cpu.server += cpuSecondsOf(server.pid) - server0;
      cpu.bots += botCpuS() - bots0;
      cpu.valkey += (await valkeyCpuS()) - valkey0;
      const sinceStartS = (t: number) => ((t - server.startedAt) / 1000).toFixed(2);
      log(`  round ${r + 1}: ${result.roundWallMs.at(-1)} ms (server profile window ${sinceStartS(Date.now() - (performance.now() - started))}-${sinceStartS(Date.now())} s)`);
      await pool.all(() => ({ op: "leave" }), 60_000);
      await sleep(1_000);
    }
    const perJoinMs = (cpuS: number) => Math.round((cpuS * 1000 * 100) / (count * rounds)) / 100;
    result.cpuMsPerJoin = { server: perJoinMs(cpu.server), bots: perJoinMs(cpu.bots), valkey: ctx.valkey.private ? perJoinMs(cpu.valkey) : null };
    const stats = await pool.stats();
    const s = stats.joinHist.summary();
    Object.assign(result, { joined: stats.joined, failed: stats.joinFailed + stats.joinRefused, errors: stats.joinErrors, p50Ms: s.p50, p95Ms: s.p95, p99Ms: s.p99, maxMs: s.max });
    log(`  join x${count} concurrent, ${rounds} round(s): p50 ${s.p50} ms, p99 ${s.p99} ms, max ${s.max} ms, failed ${stats.joinFailed + stats.joinRefused}; CPU ms per join: server ${result.cpuMsPerJoin.server}, bots ${result.cpuMsPerJoin.bots}, Valkey ${result.cpuMsPerJoin.valkey ?? "shared"}`);

    // One at a time: the same bots join with concurrency 1 (each stays in; one worker). The worker is a
    // fresh process: one join first warms its own code up (the SDK, its decoder), and is not counted. All
    // 100 are measured, so that the p99 is not simply the slowest of a few.
    const seqPool = await WorkerPool.start(1);
    try {
      const bots = joiners.map((a) => ({ id: a.id, token: ctx.token(a), mapId: "town", decode: true }));
      const join = (some: typeof bots) => seqPool.all(() => ({ op: "join", endpoint: server.url, bots: some, concurrency: 1, waitForPlayer: true, timeoutMs: 30_000 }), 120_000);
      await join(bots.slice(0, 1));
      await seqPool.all(() => ({ op: "leave" }), 60_000);
      await seqPool.all(() => ({ op: "forgetJoins" }), 10_000);
      await join(bots);
      const seq = (await seqPool.stats()).joinHist.summary();
      result.sequential = { joins: seq.n, p50Ms: seq.p50, p99Ms: seq.p99, maxMs: seq.max };
      log(`  join one at a time x${seq.n}: p50 ${seq.p50} ms, p99 ${seq.p99} ms`);
      await seqPool.all(() => ({ op: "leave" }), 60_000);
    } finally {
      await seqPool.close();
    }
    await holderPool.all(() => ({ op: "leave" }), 30_000);
    result.bare = await bareBurst(ctx, joiners.map((a) => a.id), rounds, log);
  } finally {
    await pool.close();
    await holderPool.close();
  }
  return result;
}

/** The burst of `joinScenario` (an idle holder, `rounds` bursts of every id) into the same-state bare room. */
async function bareBurst(ctx: BenchContext, ids: number[], rounds: number, log: (s: string) => void): Promise<NonNullable<JoinResult["bare"]>> {
  const spawn = loadMaps().get("town")!.spawn;
  const workers = 2;
  const server = await ctx.startBareServer("joinbare", "view");
  const pool = await WorkerPool.start(workers);
  const holderPool = await WorkerPool.start(1);
  const bot = (id: number, i: number) => ({ i, id, token: "", mapId: "town", decode: true, joinOptions: { id, x: spawn.x, y: spawn.y } });
  try {
    await holderPool.all(() => ({ op: "join", endpoint: server.url, bots: [bot(0, 0)], concurrency: 1, waitForPlayer: true, timeoutMs: 30_000 }), 60_000);
    await sleep(500);
    let serverCpuS = 0;
    let botCpuS = 0;
    const botCpu = () => pool.pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
    for (let r = 0; r < rounds; r++) {
      const bots = ids.map(bot);
      const [server0, bots0] = [cpuSecondsOf(server.pid), botCpu()];
      await pool.all((w) => ({ op: "join", endpoint: server.url, bots: bots.filter((b) => b.i % workers === w), concurrency: ids.length, waitForPlayer: true, timeoutMs: 30_000 }), 120_000);
      serverCpuS += cpuSecondsOf(server.pid) - server0;
      botCpuS += botCpu() - bots0;
      await pool.all(() => ({ op: "leave" }), 60_000);
      await sleep(1_000);
    }
    const s = (await pool.stats()).joinHist.summary();
    const perJoinMs = (cpuS: number) => Math.round((cpuS * 1000 * 100) / (ids.length * rounds)) / 100;
    const bare = { p50Ms: s.p50, p99Ms: s.p99, serverCpuMsPerJoin: perJoinMs(serverCpuS), botCpuMsPerJoin: perJoinMs(botCpuS) };
    log(`  bare same-state room, join x${ids.length} concurrent: p50 ${s.p50} ms, p99 ${s.p99} ms; CPU ms per join: server ${bare.serverCpuMsPerJoin}, bots ${bare.botCpuMsPerJoin}`);
    await holderPool.all(() => ({ op: "leave" }), 30_000);
    return bare;
  } finally {
    await pool.close();
    await holderPool.close();
    log(`  bare server stopped: ${await server.stop()}`);
  }
}
