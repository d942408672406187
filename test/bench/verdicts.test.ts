import { strict as assert } from "node:assert";
import { decodeFractionOf, decodeSampleOf, stepHolds, type CcuStep } from "../../bench/scenarios/ccu.js";
import { boundOf, ladderKnee, memoryPerPlayer, verdicts } from "../../bench/lib/verdicts.js";
import { renderResults } from "../../bench/report.js";

const MB = 1024 ** 2;
/** Retained memory with a one-off 10 MB at the first join, then `kb` KB of heap and 4 KB of Buffers per player. */
const mem = (players: number, kb = 100) => ({
  heapUsed: 50 * MB + (players > 0 ? 10 * MB : 0) + players * kb * 1024, external: 2 * MB + players * 4 * 1024, arrayBuffers: MB + players * 4 * 1024, rss: 200 * MB, players,
});

function step(players: number, over: Partial<CcuStep> = {}): CcuStep {
  const s: CcuStep = {
    players, joined: players, joinFailed: 0, refused: 0, joinNotAttempted: 0, active: players, joinErrors: {}, joinP50Ms: 10, joinP99Ms: 20,
    offeredPerS: players * 5, commandsPerS: players * 5, sent: players * 100, results: players * 100, noResult: 0, okRatio: 1, codes: { ok: players * 100 },
    p50Ms: 30, p95Ms: 50, p99Ms: 60, maxMs: 80, serverP50Ms: 1, serverP99Ms: 10, patchBytesPerClientPerS: 500, bytesPerClientPerS: 600,
    serverCpuCores: 0.3, serverCpuMsPerCommand: 0.2, valkeyCpuCores: 0.05, botCpuCores: 0.3, machineCpuCores: 0.8, otherCpuCores: 0.15,
    rssMb: 300, rssKbPerPlayer: 200, eventLoopLagP99Ms: 12, admissionLagMs: 10, heapUsedMb: 100, heapKbPerPlayer: 90,
    retained: { joined: mem(players, 90), end: mem(players) }, disconnects: {}, decodeFraction: 1, decoding: players,
    overload: { closes4002: 0, rateLimited: 0, rateLimitedSentLate: 0, serverFullJoins: 0 }, holds: true, windowS: 20, profileWindowS: { from: 0, to: 20 },
    ...over,
  };
  return { ...s, holds: over.holds ?? stepHolds(s) };
}

describe("bench verdicts and report", () => {
  it("a step holds with p99 < 100 ms, >= 99% ok and every bot in", () => {
    assert.equal(stepHolds(step(250)), true);
    assert.equal(stepHolds(step(250, { p99Ms: 100 })), false);
    assert.equal(stepHolds(step(250, { okRatio: 0.989 })), false);
    assert.equal(stepHolds(step(250, { active: 249 })), false);
  });

  it("bots refused with SERVER_FULL are the intended outcome, not a failure of the step; the step is past the knee", () => {
    const refusing = step(1000, { joined: 600, active: 600, refused: 400, admissionLagMs: 140, overload: { closes4002: 0, rateLimited: 0, rateLimitedSentLate: 0, serverFullJoins: 400 } });
    assert.equal(refusing.holds, true);
    assert.equal(stepHolds({ ...refusing, active: 599 }), false, "a bot that failed otherwise still counts");
    const steps = [step(250), step(500), refusing];
    assert.deepEqual(ladderKnee(steps).next?.players, 1000);
    const v = verdicts({ ccu: { steps } });
    const by = (start: string) => v.find((x) => x.target.startsWith(start))!;
    assert.match(by("Players").measured, /largest step that holds: 500: .*; next 1000 \(600 in, 400 refused with SERVER_FULL\)/);
    assert.match(by("Players").bound ?? "", /admission control refused 400 of 1000 bots with SERVER_FULL \(sustained event-loop lag 140 ms/);
    assert.equal(by("Past the knee").met, true);
    assert.match(by("Past the knee").measured, /steps 1000: 0 closes with 4002; .* 400 joins refused with SERVER_FULL/);
  });

  it("the ladder's knee: the largest step that holds before the first that does not", () => {
    const steps = [step(250), step(500), step(750, { p99Ms: 400 }), step(1000)];
    const { held, next } = ladderKnee(steps);
    assert.equal(held?.players, 500);
    assert.equal(next?.players, 750);
    assert.equal(ladderKnee([step(250, { p99Ms: 200 })]).held, null);
    assert.equal(ladderKnee([step(250)]).next, null);
  });

  it("names the saturated resource of a failing step, and the profile's top entries", () => {
    const bound = boundOf(step(1000, { serverCpuCores: 0.98, machineCpuCores: 1.95, p99Ms: 900 }), {
      players: 1000, busyShare: 97, topPackages: [{ name: "@colyseus/schema", sharePct: 30 }], topFunctions: [{ name: "encode x.js:1", sharePct: 12 }],
    });
    assert.match(bound, /main thread is saturated/);
    assert.match(bound, /2 cores are busy/);
    assert.match(bound, /@colyseus\/schema 30%/);
    assert.match(boundOf(step(750, { p99Ms: 150 })), /no resource saturated/);
  });

  it("memory per player: the slope of the retained memory over the steps, one-off costs left out", () => {
    const m = memoryPerPlayer([step(250), step(500), step(750)], mem(0))!;
    assert.equal(m.heapKb, 100);
    assert.equal(m.externalKb, 4);
    assert.equal(m.totalKb, 104);
    assert.equal(m.idleHeapKb, 90);
    assert.deepEqual(m.players, [250, 500, 750]);
    // The first step against the fresh server carries the room's one-off 10 MB.
    assert.equal(m.directKb, Math.round(((10 * MB + 250 * 94 * 1024) / 250 / 1024) * 10) / 10);
    // One step: the slope through the fresh server.
    assert.equal(memoryPerPlayer([step(250)], mem(0))!.heapKb, Math.round(((10 * MB + 250 * 100 * 1024) / 250 / 1024) * 10) / 10);
    assert.equal(memoryPerPlayer([step(250, { retained: null })], mem(0)), null);
    // Every newcomer of the second step refused (SERVER_FULL): still 250 players, the slope through the fresh server.
    assert.equal(memoryPerPlayer([step(250), step(500, { refused: 250, active: 250, retained: { joined: mem(250, 90), end: mem(250) } })], mem(0))!.heapKb,
      memoryPerPlayer([step(250)], mem(0))!.heapKb);
  });

  it("decode sampling: per step, never rising, and evenly spread over the bots", () => {
    assert.deepEqual([0, 1, 2, 3].map((k) => decodeFractionOf([1, 0.5, 0.8], k)), [1, 0.5, 0.5, 0.5]);
    assert.equal(decodeFractionOf([], 0), 1);
    const decoding = Array.from({ length: 1_000 }, (_, i) => decodeSampleOf(i)).filter((v) => v < 0.25).length;
    assert.ok(Math.abs(decoding - 250) <= 5, `${decoding} of 1,000 bots decode at 25%`);
  });

  it("verdicts: the ladder, the overload counts, the CPU ratio against the same-state bare room and the sync against PostgreSQL", () => {
    const ccu = [step(250), step(500), step(1000, { p99Ms: 900, okRatio: 0.9, overload: { closes4002: 0, rateLimited: 40, rateLimitedSentLate: 0, serverFullJoins: 12 } })];
    const bareView = [step(250, { serverCpuMsPerCommand: 0.08 }), step(500, { serverCpuMsPerCommand: 0.125 })];
    const sync = {
      players: 10_000, setupS: 1, naive: null, ofPostgresRate: 0.8,
      movedMostly: { rows: 13_000, rowsByTable: {}, syncS: 0.6, rowsPerS: 21_000, phasesS: { valkeyRead: 0.3, postgresWrite: 0.3 } },
      full: { rows: 510_000, rowsByTable: {}, syncS: 8, rowsPerS: 63_750, phasesS: { valkeyRead: 1.5, postgresWrite: 6.5 } },
      postgres: { rows: 510_000, seconds: 6.4, rowsPerS: 79_687, copyS: 1, upsertS: 5.4 },
    };
    const v = verdicts({ ccu: { steps: ccu }, bareView: { steps: bareView }, batchSync: [sync] });
    const by = (start: string) => v.find((x) => x.target.startsWith(start))!;
    assert.equal(by("Players").met, false);
    assert.match(by("Players").measured, /largest step that holds: 500/);
    assert.ok(by("Players").bound);
    assert.equal(by("Past the knee").met, true);
    assert.equal(by("Server CPU").met, false, "2.5x at 250 players");
    assert.match(by("Server CPU").measured, /250: 2.5x, 500: 1.6x/);
    assert.equal(by("Batch sync of 10,000 dirty").met, true);
    assert.equal(by("Batch sync of 10,000 full").met, true);
    assert.equal(by("Memory").met, true);
  });

  it("renders the targets table with what bounds a missed target", () => {
    const ccu = [step(250), step(500, { p99Ms: 300 })];
    const results = {
      runId: "r", date: "2026-12-05T01:50:00.000Z", mode: "full", durationS: 10, node: "v20", valkey: { private: true }, warnings: [],
      machine: { cpuModel: "cpu", nproc: 2, memoryTotal: "1 GiB", kernel: "Linux" },
      options: { measureS: 20, warmupS: 5, rate: 5, workers: 2, maps: ["mainland"], decode: [1], naiveBudgetS: 0 },
      verdicts: verdicts({ ccu: { steps: ccu } }),
      scenarios: { ccu: { steps: ccu } },
    };
    const md = renderResults(results);
    assert.match(md, /\| target \| measured \| verdict \| what bounds it \|/);
    assert.match(md, /largest step that holds: 250.*\*\*missed\*\* \| no resource saturated/);
    assert.match(md, /every bot decodes every patch with the SDK/);
  });
});
