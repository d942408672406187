/**
 * The load test: `npm run loadtest -- --numClients N [--endpoint URL] [--durationS S] [--workers W]`.
 *
 * Starts W processes of `@colyseus/loadtest` with loadtest/bot.ts (N bots in all), lets them play for S
 * seconds (default 60), stops them with SIGINT (the tool never exits by itself), then merges the stats the
 * bots appended to a JSON-lines file and prints a summary. Each process's own log goes to --output files
 * under the run directory (its text UI needs a TTY, so it draws into the void here).
 *
 * Options: --numClients N (default 10), --endpoint http://127.0.0.1:2567, --durationS 60, --workers W
 * (default: one per 250 bots, at most 4), --tag T (account name prefix; the same tag logs the same
 * accounts in again; default: a new one per run, so accounts are registered), --admission K (logins at
 * once per process, default 4), --json FILE (also write the summary as JSON).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { codesByCode, mergeStats, type BotStatsJson } from "../bench/lib/botStats.js";
import { REPO_ROOT } from "../bench/lib/serverProcess.js";

/** The server's default PORT. */
const DEFAULT_PORT = 2567;

interface Args {
  numClients: number;
  endpoint: string;
  durationS: number;
  workers: number;
  tag: string;
  admission: number;
  json: string | null;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, fallback: number) => {
    const v = Number(get(name));
    return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
  };
  const numClients = num("numClients", 10);
  return {
    numClients,
    endpoint: (get("endpoint") ?? `http://127.0.0.1:${DEFAULT_PORT}`).replace(/\/$/, ""),
    durationS: num("durationS", 60),
    workers: Math.min(num("workers", Math.min(4, Math.ceil(numClients / 250))), numClients),
    tag: (get("tag") ?? randomBytes(3).toString("hex")).replace(/[^A-Za-z0-9]/g, "").slice(0, 6),
    admission: num("admission", 4),
    json: get("json") ?? null,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const health = await fetch(`${args.endpoint}/health`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
  if (!health || health.status !== 200) {
    console.error(
      `${args.endpoint}/health does not answer 200 (${health ? health.status : "unreachable"}): start the server first (npm start), ` +
        `or say where it listens: npm run loadtest -- --endpoint http://HOST:PORT (default http://127.0.0.1:${DEFAULT_PORT})`,
    );
    process.exit(1);
  }
  const runDir = join(REPO_ROOT, "loadtest", ".runs", `${new Date().toISOString().replace(/[-:.TZ]/g, "").slice(0, 14)}-${args.tag}`);
  mkdirSync(runDir, { recursive: true });
  const statsFile = join(runDir, "stats.jsonl");
  const wsEndpoint = args.endpoint.replace(/^http(s?):\/\//, "ws$1://");
  console.log(`load test: ${args.numClients} bots in ${args.workers} process(es) against ${args.endpoint} for ${args.durationS} s (accounts lt${args.tag}w*c*; logs in ${runDir})`);

  const children: ChildProcess[] = [];
  for (let w = 0; w < args.workers; w++) {
    const count = Math.floor(args.numClients / args.workers) + (w < args.numClients % args.workers ? 1 : 0);
    const child = spawn(process.execPath, [
      "--import", "tsx", join(REPO_ROOT, "loadtest", "bot.ts"),
      "--room", "map", "--numClients", String(count), "--endpoint", wsEndpoint, "--output", join(runDir, `loadtest-${w}.log`),
    ], {
      cwd: REPO_ROOT,
      env: { ...process.env, LOADTEST_STATS_FILE: statsFile, LOADTEST_RUN_TAG: args.tag, LOADTEST_WORKER: String(w), LOADTEST_ADMISSION: String(args.admission) },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(`[bots ${w}] ${chunk.toString()}`));
    children.push(child);
  }

  const started = Date.now();
  const ticker = setInterval(() => {
    const alive = children.filter((c) => c.exitCode === null && c.signalCode === null).length;
    console.log(`  ${Math.round((Date.now() - started) / 1000)} s: ${alive}/${children.length} bot processes running`);
  }, 10_000);
  await new Promise((resolve) => setTimeout(resolve, args.durationS * 1000));
  clearInterval(ticker);

  // Stop: SIGINT (the loadtest tool writes its log and exits; the bots append their stats at exit), then SIGKILL.
  await Promise.all(children.map(async (child) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGINT");
    const exited = await Promise.race([once(child, "exit").then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 15_000))]);
    if (!exited) child.kill("SIGKILL");
  }));

  const lines = existsSync(statsFile) ? readFileSync(statsFile, "utf8").split("\n").filter(Boolean) : [];
  const parts = lines.map((l) => JSON.parse(l) as { worker: number; stats: BotStatsJson; extra: Record<string, number | Record<string, number>> });
  const merged = mergeStats(parts.map((p) => p.stats));
  const extra: Record<string, number> = {};
  const loginErrors: Record<string, number> = {};
  for (const p of parts) {
    for (const [k, v] of Object.entries(p.extra)) {
      if (typeof v === "number") extra[k] = (extra[k] ?? 0) + v;
      else for (const [e, n] of Object.entries(v)) loginErrors[e] = (loginErrors[e] ?? 0) + n;
    }
  }
  const lat = merged.latencyHist.summary();
  const join_ = merged.joinHist.summary();
  const codes = codesByCode(merged.codes);
  const summary = {
    endpoint: args.endpoint,
    durationS: args.durationS,
    processes: args.workers,
    processesReported: parts.length,
    bots: merged.bots,
    loggedIn: extra.loggedIn ?? 0,
    registered: extra.registered ?? 0,
    loginErrors,
    joins: merged.joined,
    joinFailed: merged.joinFailed,
    joinErrors: merged.joinErrors,
    joinLatencyMs: { p50: join_.p50, p99: join_.p99, max: join_.max },
    mapChanges: extra.mapChanges ?? 0,
    commandsSent: merged.sent,
    commandsByType: merged.sentByType,
    results: merged.results,
    resultsOk: codes.ok ?? 0,
    resultsFailed: merged.results - (codes.ok ?? 0),
    resultCodes: codes,
    resultCodesByType: merged.codes,
    noResult: merged.noResult,
    latencyMs: { p50: lat.p50, p95: lat.p95, p99: lat.p99, max: lat.max, mean: lat.mean },
    disconnects: merged.disconnects,
    kicked: merged.kicked,
    bytesPerBotPerS: Math.round(merged.bytesReceived / Math.max(1, merged.countedClients) / Math.max(1, merged.windowS)),
  };
  console.log(`\nsummary (${parts.length}/${args.workers} processes reported)`);
  console.log(`  bots: ${summary.bots}; logged in ${summary.loggedIn} (registered ${summary.registered}); connected ${summary.joins} times (${summary.mapChanges} map changes); join failures ${summary.joinFailed}`);
  if (Object.keys(summary.joinErrors).length > 0) console.log(`  join errors: ${JSON.stringify(summary.joinErrors)}`);
  console.log(`  join latency: p50 ${join_.p50} ms, p99 ${join_.p99} ms`);
  console.log(`  commands sent: ${summary.commandsSent} ${JSON.stringify(summary.commandsByType)}`);
  console.log(`  results: ${summary.results} (ok ${summary.resultsOk}, failed ${summary.resultsFailed}); no result: ${summary.noResult}`);
  console.log(`  result codes: ${JSON.stringify(codes)}`);
  console.log(`  command-to-result latency: p50 ${lat.p50} ms, p95 ${lat.p95} ms, p99 ${lat.p99} ms, max ${lat.max} ms`);
  console.log(`  disconnects: ${JSON.stringify(summary.disconnects)}; kicked: ${JSON.stringify(summary.kicked)}`);
  console.log(`  received: ${summary.bytesPerBotPerS} bytes per bot per second`);
  writeFileSync(join(runDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  if (args.json) writeFileSync(args.json, `${JSON.stringify(summary, null, 2)}\n`);
  if (parts.length < args.workers) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
