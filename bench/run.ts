/**
 * The benchmarks (docs/PERFORMANCE.md): starts its own servers on 127.0.0.1, runs each scenario for a
 * bounded time, prints a table and writes bench/results.json.
 *
 *   npm run bench                     # every scenario, full durations
 *   npm run bench -- --quick          # shorter steps and budgets (about 6-9 minutes on 2 cores)
 *   npm run bench -- --scenarios ccu,bare --steps 100,250 --measure 10
 *
 * Options: --quick, --scenarios sync,join,valkey,ccu,bare,cluster (default: all), --steps 100,250,500,1000,
 * --measure S, --warmup S, --rate N (commands/s per bot), --workers N (bot processes), --maps town,forest,
 * --decode-all (every bot decodes every patch), --sync-sizes 1000,10000, --naive-budget S, --join N,
 * --rt N (commands per type), --cluster-processes N, --profile (node --cpu-prof on the CCU server),
 * --quiet-wait S (before each scenario, wait up to S s for other work on the machine to stop; default 20/60),
 * --out FILE (default bench/results.json), --merge (replace only the scenarios run now in an existing results file).
 * Needs PostgreSQL (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/rpg_bench, created and
 * migrated here) and redis-server/valkey-server on PATH (else VALKEY_URL, default redis://127.0.0.1:6379).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { summarise } from "./profile.js";
import { killChildrenOnSignal } from "./lib/children.js";
import { machineInfo, waitForQuiet } from "./lib/proc.js";
import { REPO_ROOT, type ServerProcess } from "./lib/serverProcess.js";
import { batchSyncScenario, type BatchSyncResult } from "./scenarios/batchSync.js";
import { ccuSweep, type CcuStep } from "./scenarios/ccu.js";
import { clusterScenario, type ClusterResult } from "./scenarios/cluster.js";
import { BenchContext, type BenchOptions } from "./scenarios/context.js";
import { joinScenario, type JoinResult } from "./scenarios/join.js";
import { valkeyRoundTripsScenario, type RoundTripResult } from "./scenarios/valkeyRoundTrips.js";

const ALL_SCENARIOS = ["sync", "join", "valkey", "ccu", "bare", "cluster"];

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
  const scenarios = new Set(list("scenarios") ?? ALL_SCENARIOS);
  for (const s of scenarios) if (!ALL_SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s} (known: ${ALL_SCENARIOS.join(", ")})`);
  return {
    quick,
    scenarios,
    ccuSteps: nums("steps") ?? [100, 250, 500, 1000],
    measureS: num("measure", quick ? 8 : 20),
    warmupS: num("warmup", quick ? 3 : 5),
    rate: num("rate", 5),
    workers: num("workers", 2),
    maps: list("maps") ?? ["town", "forest"],
    decodeAll: has("decode-all"),
    syncSizes: nums("sync-sizes") ?? [1_000, 10_000],
    naiveBudgetS: num("naive-budget", quick ? 5 : 30),
    joinCount: num("join", 100),
    rtCount: num("rt", quick ? 50 : 100),
    cpuProf: has("profile"),
    quietWaitS: num("quiet-wait", quick ? 20 : 60),
    out: get("out") ?? join(REPO_ROOT, "bench", "results.json"),
    merge: has("merge"),
    clusterProcesses: num("cluster-processes", 2),
  };
}

const TARGETS = {
  ccu: "1,000 players on one process at 5 commands/s each with p99 < 50 ms",
  sync: "10,000 dirty players synced in < 2 s and >= 20x faster than the naive path",
  join: "join p99 < 50 ms (100 concurrent joins)",
  valkey: "1 Valkey round trip per gameplay command",
};

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
    ccu?: { maps: string[]; rate: number; workers: number; decodeAll: boolean; steps: CcuStep[]; failures: unknown[]; profile?: unknown };
    bare?: { steps: CcuStep[]; failures: unknown[] };
    cluster?: ClusterResult;
  } = {};
  try {
    if (options.scenarios.has("sync")) {
      log("scenario: batch sync");
      await quiet("batch sync");
      results.batchSync = await batchSyncScenario(ctx, log);
    }
    if (options.scenarios.has("join") || options.scenarios.has("valkey")) {
      await quiet("join/valkey");
      const quietServer = await ctx.startGameServer("quiet", { SYNC_INTERVAL_MS: "3600000" }, false);
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
      const server = await ctx.startGameServer("ccu");
      try {
        const steps = await ccuSweep(ctx, { label: "rpg", servers: [server], endpointOf: () => server.url, waitForPlayer: true, metrics: true }, log);
        results.ccu = { maps: options.maps, rate: options.rate, workers: options.workers, decodeAll: options.decodeAll, steps: [...steps], failures: steps.failures };
      } finally {
        warnings.push(...bufferWarnings(server));
        log(`  ccu server stopped: ${await server.stop(30_000)}`);
      }
      if (options.cpuProf && results.ccu) results.ccu.profile = profilesOf(ctx, "ccu", results.ccu.steps.map((x) => ({ players: x.players, window: x.profileWindowS })));
    }
    if (options.scenarios.has("bare")) {
      log("scenario: the limit (bare Colyseus room), same bots");
      await quiet("bare");
      const bare = await ctx.startBareServer("bare");
      try {
        const steps = await ccuSweep(ctx, { label: "bare", servers: [bare], endpointOf: () => bare.url, waitForPlayer: false, metrics: false }, log);
        results.bare = { steps: [...steps], failures: steps.failures };
      } finally {
        warnings.push(...bufferWarnings(bare));
        log(`  bare server stopped: ${await bare.stop()}`);
      }
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
  type Scenarios = typeof results & { bareRatio?: unknown };
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
  const ratios = merged.ccu && merged.bare
    ? merged.ccu.steps.map((s) => {
      const b = merged.bare!.steps.find((x) => x.players === s.players);
      return b && {
        players: s.players,
        throughputRatio: round(s.commandsPerS / b.commandsPerS, 3),
        p50Ratio: round(s.p50Ms / b.p50Ms, 2),
        p99Ratio: round(s.p99Ms / b.p99Ms, 2),
        cpuPerCommandRatio: round(s.serverCpuMsPerCommand / b.serverCpuMsPerCommand, 1),
      };
    }).filter(Boolean)
    : undefined;

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
    scenarios: { ...merged, bareRatio: ratios },
    warnings: [...(previous.warnings ?? []).filter((w) => !rerun.has(scenarioOf(w))), ...warnings],
  };
  writeFileSync(options.out, `${JSON.stringify(output, null, 2)}\n`);
  printTable(output.scenarios, output.verdicts);
  log(`wrote ${options.out} in ${output.durationS} s; server logs and profiles in ${ctx.logDir}`);
}

const round = (v: number, d = 2) => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : null);

function verdicts(r: { ccu?: { steps: CcuStep[] }; batchSync?: BatchSyncResult[]; join?: JoinResult; valkeyRoundTrips?: RoundTripResult }) {
  const out: { target: string; measured: string; met: boolean | null }[] = [];
  const step1000 = r.ccu?.steps.find((s) => s.players === 1000);
  if (step1000) {
    out.push({
      target: TARGETS.ccu,
      measured: `${step1000.commandsPerS}/s handled of ${step1000.offeredPerS}/s offered, p99 ${step1000.p99Ms} ms`,
      met: step1000.p99Ms < 50 && step1000.commandsPerS >= 0.98 * 5 * 1000,
    });
  }
  const sync10k = r.batchSync?.find((s) => s.players === 10_000);
  if (sync10k) out.push({ target: TARGETS.sync, measured: `${sync10k.syncAllS} s, ${sync10k.speedup}x the naive path`, met: sync10k.syncAllS < 2 && sync10k.speedup >= 20 });
  if (r.join) out.push({ target: TARGETS.join, measured: `p99 ${r.join.p99Ms} ms (p50 ${r.join.p50Ms}); one join at a time: p99 ${r.join.sequential.p99Ms} ms`, met: r.join.p99Ms < 50 });
  if (r.valkeyRoundTrips) {
    const worst = Math.max(...r.valkeyRoundTrips.rows.map((x) => x.requestsPerCommand));
    out.push({ target: TARGETS.valkey, measured: r.valkeyRoundTrips.rows.map((x) => `${x.type} ${x.requestsPerCommand}`).join(", "), met: worst <= 1.05 });
  }
  return out;
}

function printTable(s: Record<string, unknown>, v: ReturnType<typeof verdicts>): void {
  const ccu = s.ccu as { steps: CcuStep[] } | undefined;
  const bare = s.bare as { steps: CcuStep[] } | undefined;
  const cluster = s.cluster as ClusterResult | undefined;
  const rows: string[][] = [];
  for (const [label, steps] of [["rpg", ccu?.steps], ["bare", bare?.steps], ["rpg x2", cluster?.ran ? cluster.steps : undefined]] as const) {
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
    console.log(`batch sync ${b.players}: syncAll ${b.syncAllS} s (${b.syncRowsPerS} rows/s, ${b.rows} rows); naive ~${b.naive.estimatedS} s${b.naive.extrapolated ? ` (extrapolated from ${b.naive.playersMeasured})` : ""}; ${b.speedup}x`);
  }
  const j = s.join as JoinResult | undefined;
  if (j) console.log(`join (${j.concurrentJoins} concurrent): p50 ${j.p50Ms} ms, p99 ${j.p99Ms} ms, failed ${j.failed}; one at a time: p50 ${j.sequential.p50Ms} ms, p99 ${j.sequential.p99Ms} ms`);
  const rt = s.valkeyRoundTrips as RoundTripResult | undefined;
  for (const r of rt?.rows ?? []) console.log(`valkey ${r.type}: ${r.requestsPerCommand} requests, ${r.callsPerCommand} commandstats calls per command`);
  const c = s.cluster as ClusterResult | undefined;
  if (c && !c.ran) console.log(`cluster: not run (${c.reason})`);
  console.log("\ntargets:");
  for (const x of v) console.log(`  [${x.met === null ? "?" : x.met ? "met" : "MISSED"}] ${x.target}: ${x.measured}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
