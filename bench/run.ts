/**
 * The benchmarks (docs/PERFORMANCE.md): starts its own servers on 127.0.0.1, runs each scenario for a
 * bounded time, prints a table and writes bench/results.json (and then the results section of
 * docs/PERFORMANCE.md, as `npm run bench:report` does).
 *
 *   npm run bench                     # the default scenarios, full durations
 *   npm run bench -- --quick          # shorter steps and budgets
 *   npm run bench -- --scenarios ccu,bareview --steps 100,250 --measure 10
 *
 * Options: --quick, --scenarios sync,join,valkey,ccu,bareview,bare,cluster,npcs (default: sync,join,valkey,ccu,bareview),
 * --steps 250,500,750,1000,1250, --measure S, --warmup S, --rate N (commands/s per bot), --workers N (bot processes),
 * --maps mainland (bots spread like a live world on the mainland, at the spawn on other maps),
 * --decode 1,1,0.5 (per CCU step, the last repeats: the fraction of bots that decode every patch; default 1, all;
 * it never rises from one step to the next), --sync-sizes 1000,10000, --naive-budget S (default 0: skipped), --join N,
 * --rt N (commands per type), --cluster-processes N, --profile (node --cpu-prof on the CCU and bareview servers),
 * --quiet-wait S (before each scenario, wait up to S s for other work on the machine to stop; default 20/60),
 * --out FILE (default bench/results.json), --merge (replace only the scenarios run now in an existing results file).
 * Needs PostgreSQL (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/rpg_bench, created and
 * migrated here) and redis-server/valkey-server on PATH (else VALKEY_URL, default redis://127.0.0.1:6379).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { summarise } from "./profile.js";
import { DEFAULT_RESULTS, updateDoc } from "./report.js";
import { killChildrenOnSignal } from "./lib/children.js";
import type { RetainedMemory } from "./lib/inspector.js";
import { machineInfo, waitForQuiet } from "./lib/proc.js";
import { REPO_ROOT, type ServerProcess } from "./lib/serverProcess.js";
import { batchSyncScenario, type BatchSyncResult } from "./scenarios/batchSync.js";
import { ccuSweep, type CcuStep } from "./scenarios/ccu.js";
import { clusterScenario, type ClusterResult } from "./scenarios/cluster.js";
import { BenchContext, type BenchOptions } from "./scenarios/context.js";
import { joinScenario, type JoinResult } from "./scenarios/join.js";
import { npcScenario, type NpcStep } from "./scenarios/npcs.js";
import { valkeyRoundTripsScenario, type RoundTripResult } from "./scenarios/valkeyRoundTrips.js";
import { TARGETS, verdicts } from "./lib/verdicts.js";

const ALL_SCENARIOS = ["sync", "join", "valkey", "ccu", "bareview", "bare", "cluster", "npcs"];
const DEFAULT_SCENARIOS = ["sync", "join", "valkey", "ccu", "bareview"];

function parseArgs(argv: string[]): BenchOptions & { out: string; merge: boolean; clusterProcesses: number } {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const has = (name: string) => argv.includes(`--${name}`);
  const list = (name: string) => get(name)?.split(",").map((s) => s.trim()).filter(Boolean);
  const nums = (name: string) => list(name)?.map(Number).filter((n) => Number.isFinite(n) && n > 0);
  const num = (name: string, fallback: number) => {
    const v = Number(get(name));
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  const quick = has("quick");
  const scenarios = new Set(list("scenarios") ?? DEFAULT_SCENARIOS);
  for (const s of scenarios) if (!ALL_SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s} (known: ${ALL_SCENARIOS.join(", ")})`);
  return {
    quick,
    scenarios,
    ccuSteps: nums("steps") ?? (quick ? [100, 250] : [250, 500, 750, 1000, 1250]),
    measureS: num("measure", quick ? 8 : 20),
    warmupS: num("warmup", quick ? 3 : 5),
    rate: num("rate", 5),
    workers: num("workers", 2),
    maps: list("maps") ?? ["mainland"],
    decode: has("decode-all") ? [1] : (list("decode")?.map(Number).filter((f) => Number.isFinite(f) && f >= 0 && f <= 1) ?? [1]),
    syncSizes: nums("sync-sizes") ?? (quick ? [1_000] : [1_000, 10_000]),
    naiveBudgetS: Number(get("naive-budget") ?? 0) || 0,
    joinCount: num("join", 100),
    rtCount: num("rt", quick ? 50 : 100),
    cpuProf: has("profile"),
    quietWaitS: num("quiet-wait", quick ? 20 : 60),
    out: get("out") ?? DEFAULT_RESULTS,
    merge: has("merge"),
    clusterProcesses: num("cluster-processes", 2),
  };
}

function log(s: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
}

function bufferWarnings(server: ServerProcess): string[] {
  const text = server.output();
  const sizes = [...text.matchAll(/Encoder\.BUFFER_SIZE = (\d+) \* 1024/g)].map((m) => Number(m[1]));
  return sizes.length === 0 ? [] : [`${server.name}: @colyseus/schema encoder buffer overflow warnings (${sizes.length}x, grew to ${Math.max(...sizes)} KB); the encoder resized its buffer and kept working`];
}

/**
 * The main thread's profile (the largest .cpuprofile of the server's profile directory), summarised over
 * each measured window: top packages and functions by self time, and our own functions by inclusive time.
 */
function profilesOf(ctx: BenchContext, name: string, windows: { players: number; window: { from: number; to: number } }[]) {
  const dir = join(ctx.logDir, "profiles", name);
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")).map((f) => join(dir, f));
  const main = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!main) return null;
  const profile = JSON.parse(readFileSync(main, "utf8")) as Parameters<typeof summarise>[0];
  const pct = (v: number) => Math.round(v * 1000) / 10;
  return {
    file: main.replace(`${REPO_ROOT}/`, ""),
    windows: windows.map(({ players, window }) => {
      const s = summarise(profile, 400, window.from, window.to);
      return {
        players,
        windowS: window,
        busyShare: pct((s.totalMs - s.idleMs) / Math.max(1, s.totalMs)),
        topPackages: s.byPackage.slice(0, 10).map((r) => ({ name: r.name, sharePct: pct(r.share) })),
        topFunctions: s.byFunction.slice(0, 12).map((r) => ({ name: r.name, sharePct: pct(r.share) })),
        ourFunctionsInclusive: s.inclusive.filter((r) => r.name.includes(".ts:")).slice(0, 15).map((r) => ({ name: r.name, sharePct: pct(r.share) })),
      };
    }),
  };
}

async function main(): Promise<void> {
  killChildrenOnSignal();
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const ctx = await BenchContext.open(options, process.env.VALKEY_URL ?? "redis://127.0.0.1:6379");
  log(`bench run ${ctx.runId} (${options.quick ? "quick" : "full"}): scenarios ${[...options.scenarios].join(", ")}; Valkey ${ctx.valkey.url}${ctx.valkey.private ? " (own)" : " (SHARED: counters include other traffic)"}; logs in ${ctx.logDir}`);
  const warnings: string[] = [];
  const environment: ({ scenario: string } & Awaited<ReturnType<typeof waitForQuiet>>)[] = [];
  const quiet = async (scenario: string) => {
    const q = await waitForQuiet(options.quietWaitS);
    environment.push({ scenario, ...q });
    if (!q.quiet) {
      const w = `${scenario}: the machine was busy with other work before it started (${q.busyCores} cores busy, load average ${q.loadAvg1}, waited ${q.waitedS} s): its numbers are pessimistic`;
      warnings.push(w);
      log(`  ${w}`);
    }
  };
  if (!ctx.valkey.private) warnings.push("no redis-server/valkey-server binary: ran against a shared Valkey, whose INFO counters include other clients' traffic");
  const results: {
    batchSync?: BatchSyncResult[];
    join?: JoinResult;
    valkeyRoundTrips?: RoundTripResult;
    ccu?: { maps: string[]; rate: number; workers: number; decode: number[]; steps: CcuStep[]; failures: unknown[]; memoryBase: RetainedMemory | null; profile?: ReturnType<typeof profilesOf> };
    bareView?: { steps: CcuStep[]; failures: unknown[]; memoryBase: RetainedMemory | null; profile?: ReturnType<typeof profilesOf> };
    bare?: { steps: CcuStep[]; failures: unknown[]; memoryBase: RetainedMemory | null };
    cluster?: ClusterResult;
    npcs?: { steps: NpcStep[]; failures: unknown[] };
  } = {};
  try {
    if (options.scenarios.has("sync")) {
      log("scenario: batch sync");
      await quiet("batch sync");
      results.batchSync = await batchSyncScenario(ctx, log);
    }
    if (options.scenarios.has("join") || options.scenarios.has("valkey")) {
      await quiet("join/valkey");
      const quietServer = await ctx.startGameServer("quiet", { SYNC_INTERVAL_MS: "3600000" }, options.cpuProf && options.scenarios.has("join"));
      try {
        if (options.scenarios.has("join")) {
          log("scenario: join");
          results.join = await joinScenario(ctx, quietServer, options.quick ? 1 : 3, log);
        }
        if (options.scenarios.has("valkey")) {
          log("scenario: Valkey round trips per command");
          results.valkeyRoundTrips = await valkeyRoundTripsScenario(ctx, quietServer, log);
        }
      } finally {
        warnings.push(...bufferWarnings(quietServer));
        log(`  quiet server stopped: ${await quietServer.stop()}`);
      }
    }
    if (options.scenarios.has("ccu")) {
      log(`scenario: CCU sweep, one process (${options.ccuSteps.join(", ")} bots; ${options.rate}/s each; maps ${options.maps.join(", ")})`);
      await quiet("ccu");
      const server = await ctx.startGameServer("ccu", {}, options.cpuProf, true);
      try {
        const steps = await ccuSweep(ctx, { label: "rpg", servers: [server], endpointOf: () => server.url, waitForPlayer: true, metrics: true }, log);
        results.ccu = { maps: options.maps, rate: options.rate, workers: options.workers, decode: options.decode, steps: [...steps], failures: steps.failures, memoryBase: steps.memoryBase };
      } finally {
        warnings.push(...bufferWarnings(server));
        log(`  ccu server stopped: ${await server.stop(30_000)}`);
      }
      if (options.cpuProf && results.ccu) results.ccu.profile = profilesOf(ctx, "ccu", results.ccu.steps.map((x) => ({ players: x.players, window: x.profileWindowS })));
    }
    if (options.scenarios.has("bareview")) {
      log("scenario: the same-state bare room (the map room's schema and interest management, no storage, no rules), same bots and spread");
      await quiet("bareview");
      const bare = await ctx.startBareServer("bareview", "view", options.cpuProf, true);
      try {
        const steps = await ccuSweep(ctx, { label: "bareview", servers: [bare], endpointOf: () => bare.url, waitForPlayer: true, metrics: false, positionInJoinOptions: true }, log);
        results.bareView = { steps: [...steps], failures: steps.failures, memoryBase: steps.memoryBase };
      } finally {
        warnings.push(...bufferWarnings(bare));
        log(`  bareview server stopped: ${await bare.stop()}`);
      }
      if (options.cpuProf && results.bareView) results.bareView.profile = profilesOf(ctx, "bareview", results.bareView.steps.map((x) => ({ players: x.players, window: x.profileWindowS })));
    }
    if (options.scenarios.has("bare")) {
      log("scenario: the limit (bare Colyseus room), same bots");
      await quiet("bare");
      const bare = await ctx.startBareServer("bare", "empty", false, true);
      try {
        const steps = await ccuSweep(ctx, { label: "bare", servers: [bare], endpointOf: () => bare.url, waitForPlayer: false, metrics: false }, log);
        results.bare = { steps: [...steps], failures: steps.failures, memoryBase: steps.memoryBase };
      } finally {
        warnings.push(...bufferWarnings(bare));
        log(`  bare server stopped: ${await bare.stop()}`);
      }
    }
    if (options.scenarios.has("npcs")) {
      log("scenario: NPCs (500 NPCs and 200 fighting bots on one map; 2,000 idle NPCs)");
      await quiet("npcs");
      results.npcs = await npcScenario(ctx, log);
    }
    if (options.scenarios.has("cluster")) {
      log(`scenario: CCU sweep over ${options.clusterProcesses} processes`);
      results.cluster = await clusterScenario(ctx, options.clusterProcesses, log);
      if (!results.cluster.ran) log(`  cluster: not run: ${results.cluster.reason}`);
    }
  } finally {
    await ctx.close();
  }

  // --merge: keep the scenarios of the existing results file that this run did not redo.
  type Scenarios = typeof results & { bareRatio?: unknown; bareViewRatio?: unknown };
  let previous: { scenarios?: Scenarios; environment?: typeof environment; warnings?: string[]; runs?: unknown[]; runId?: string; date?: string; mode?: string } = {};
  if (options.merge && existsSync(options.out)) previous = JSON.parse(readFileSync(options.out, "utf8")) as typeof previous;
  const merged: Scenarios = { ...(previous.scenarios ?? {}), ...results };
  // Environment entries and warnings start with the scenario (or server) they belong to.
  const scenarioOf = (text: string) => text.split(":")[0]!.split(" ")[0]!.toLowerCase();
  const rerun = new Set<string>();
  for (const x of options.scenarios) {
    if (x === "sync") rerun.add("batch");
    else if (x === "join" || x === "valkey") ["join/valkey", "quiet"].forEach((k) => rerun.add(k));
    else rerun.add(x);
  }
  // The bare rooms and the cluster are compared with the CCU ladder step by step: an older run of them (other
  // maps, other bots) is dropped when the ladder is run again without them.
  if (options.scenarios.has("ccu")) {
    for (const [scenario, key] of [["bare", "bare"], ["bareview", "bareView"], ["cluster", "cluster"]] as const) {
      if (options.scenarios.has(scenario)) continue;
      delete merged[key];
      rerun.add(scenario);
    }
  }
  const ratios = ratiosOf(merged.ccu?.steps, merged.bare?.steps);
  const viewRatios = ratiosOf(merged.ccu?.steps, merged.bareView?.steps);

  const machine = machineInfo();
  const output = {
    runId: ctx.runId,
    date: new Date().toISOString(),
    mode: options.quick ? "quick" : "full",
    durationS: Math.round((Date.now() - started) / 1000),
    /** With --merge: the earlier runs whose scenarios this file still holds. */
    runs: [...(previous.runs ?? (previous.runId ? [{ runId: previous.runId, date: previous.date, mode: previous.mode }] : [])),
      { runId: ctx.runId, date: new Date().toISOString(), mode: options.quick ? "quick" : "full", scenarios: [...options.scenarios] }],
    machine,
    node: process.version,
    options: { ...options, scenarios: [...options.scenarios] },
    valkey: { private: ctx.valkey.private },
    environment: [...(previous.environment ?? []).filter((e) => !rerun.has(scenarioOf(e.scenario))), ...environment],
    targets: TARGETS,
    verdicts: verdicts(merged),
    scenarios: { ...merged, bareRatio: ratios, bareViewRatio: viewRatios },
    warnings: [...(previous.warnings ?? []).filter((w) => !rerun.has(scenarioOf(w))), ...warnings],
  };
  writeFileSync(options.out, `${JSON.stringify(output, null, 2)}\n`);
  printTable(output.scenarios, output.verdicts);
  log(`wrote ${options.out} in ${output.durationS} s; server logs and profiles in ${ctx.logDir}`);
  // The default results file is the one docs/PERFORMANCE.md shows: its targets table follows every run.
  if (options.out === DEFAULT_RESULTS) updateDoc();
}

const round = (v: number, d = 2) => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : null);

/** Our server's steps as ratios of a bare room's steps with the same players. */
function ratiosOf(ours: CcuStep[] | undefined, base: CcuStep[] | undefined) {
  if (!ours || !base) return undefined;
  return ours.flatMap((s) => {
    const b = base.find((x) => x.players === s.players);
    return b ? [{
      players: s.players,
      throughputRatio: round(s.commandsPerS / b.commandsPerS, 3),
      p50Ratio: round(s.p50Ms / b.p50Ms, 2),
      p99Ratio: round(s.p99Ms / b.p99Ms, 2),
      cpuPerCommandRatio: round(s.serverCpuMsPerCommand / b.serverCpuMsPerCommand, 2),
    }] : [];
  });
}

function printTable(s: Record<string, unknown>, v: ReturnType<typeof verdicts>): void {
  const ccu = s.ccu as { steps: CcuStep[] } | undefined;
  const bare = s.bare as { steps: CcuStep[] } | undefined;
  const bareView = s.bareView as { steps: CcuStep[] } | undefined;
  const cluster = s.cluster as ClusterResult | undefined;
  const rows: string[][] = [];
  for (const [label, steps] of [["rpg", ccu?.steps], ["bareview", bareView?.steps], ["bare", bare?.steps], ["rpg x2", cluster?.ran ? cluster.steps : undefined]] as const) {
    for (const x of steps ?? []) {
      rows.push([label, String(x.players), String(x.offeredPerS), String(x.commandsPerS), String(x.p50Ms), String(x.p95Ms), String(x.p99Ms),
        String(x.serverP99Ms ?? "-"), String(x.patchBytesPerClientPerS), String(x.serverCpuCores), String(x.rssKbPerPlayer), String(x.okRatio)]);
    }
  }
  if (rows.length > 0) {
    const head = ["server", "bots", "offered/s", "handled/s", "p50 ms", "p95 ms", "p99 ms", "srv p99", "patch B/cl/s", "cpu cores", "RSS KB/pl", "ok"];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i]!)).join("  ");
    console.log(`\n${line(head)}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n${rows.map(line).join("\n")}`);
  }
  for (const b of (s.batchSync as BatchSyncResult[] | undefined) ?? []) {
    console.log(`batch sync ${b.players}: 90% only moved ${b.movedMostly.syncS} s (${b.movedMostly.rows} rows); full ${b.full.syncS} s (${b.full.rowsPerS} rows/s, ${b.full.rows} rows); ` +
      `PostgreSQL COPY + upsert ${b.postgres.rowsPerS} rows/s: ${round(b.ofPostgresRate * 100, 1)}%`);
  }
  const j = s.join as JoinResult | undefined;
  if (j) console.log(`join (${j.concurrentJoins} concurrent): p50 ${j.p50Ms} ms, p99 ${j.p99Ms} ms, failed ${j.failed}; one at a time: p50 ${j.sequential.p50Ms} ms, p99 ${j.sequential.p99Ms} ms`);
  const rt = s.valkeyRoundTrips as RoundTripResult | undefined;
  for (const r of rt?.rows ?? []) console.log(`valkey ${r.type}: ${r.requestsPerCommand} requests, ${r.callsPerCommand} commandstats calls per command`);
  const c = s.cluster as ClusterResult | undefined;
  if (c && !c.ran) console.log(`cluster: not run (${c.reason})`);
  for (const n of (s.npcs as { steps: NpcStep[] } | undefined)?.steps ?? []) {
    console.log(`npcs ${n.label}: tick p50 ${n.tickP50Ms} ms, p99 ${n.tickP99Ms} ms (${round(n.tickCoreShare * 100, 1)}% of a core); server ${n.serverCpuCores} cores; ` +
      `${n.commandsPerS}/s, p50 ${n.p50Ms} ms, p99 ${n.p99Ms} ms; patches ${n.patchBytesPerClientPerS} B/client/s`);
  }
  console.log("\ntargets:");
  for (const x of v) console.log(`  [${x.met === null ? "?" : x.met ? "met" : "MISSED"}] ${x.target}: ${x.measured}${x.bound ? `\n      bound: ${x.bound}` : ""}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
