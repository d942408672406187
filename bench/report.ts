/**
 * Rewrites the measured-results section of docs/PERFORMANCE.md (between the `<!-- bench:results:begin -->`
 * and `<!-- bench:results:end -->` markers) from bench/results.json. Usage:
 *   npm run bench:report [-- --results bench/results.json --doc docs/PERFORMANCE.md]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./lib/serverProcess.js";
import type { BatchSyncResult } from "./scenarios/batchSync.js";

const BEGIN = "<!-- bench:results:begin -->";
const END = "<!-- bench:results:end -->";

/* The parts of bench/results.json the report reads (see bench/run.ts). */
interface Step {
  players: number;
  active?: number;
  joined: number;
  joinFailed: number;
  joinNotAttempted?: number;
  offeredPerS: number;
  commandsPerS: number;
  okRatio: number;
  codes: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  serverP50Ms: number | null;
  serverP99Ms: number | null;
  patchBytesPerClientPerS: number;
  serverCpuCores: number;
  serverCpuMsPerCommand: number;
  valkeyCpuCores: number | null;
  botCpuCores: number;
  otherCpuCores?: number;
  rssMb: number;
  rssKbPerPlayer: number;
  eventLoopLagP99Ms: number | null;
  disconnects: Record<string, number>;
  /* Since issue 13 (absent in older results). */
  heapUsedMb?: number | null;
  heapKbPerPlayer?: number | null;
  decodeFraction?: number;
  decoding?: number;
  overload?: { closes4002: number; rateLimited: number; rateLimitedSentLate: number; serverFullJoins: number };
  holds?: boolean;
  /* Since the joins under load (absent in older results): bots refused with SERVER_FULL so far, and the lag admission saw. */
  refused?: number;
  admissionLagMs?: number | null;
}
interface NpcStep {
  label: string;
  npcs: number;
  bots: number;
  mode: string;
  tickMs: number;
  commandsPerS: number;
  offeredPerS: number;
  okRatio: number;
  codes: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  tickP50Ms: number;
  tickP99Ms: number;
  tickMeanMs: number;
  tickCoreShare: number;
  ticksPerS: number;
  ticksSkipped: number;
  serverCpuCores: number;
  patchBytesPerClientPerS: number;
  eventLoopLagP99Ms: number | null;
  rssMb: number;
}
interface Ratio {
  players: number;
  throughputRatio: number;
  p50Ratio: number;
  p99Ratio: number;
  cpuPerCommandRatio: number;
}
interface Results {
  runs?: { runId: string; date?: string; mode?: string; scenarios?: string[] }[];
  environment?: { scenario: string; quiet: boolean; busyCores: number; waitedS: number; loadAvg1: number }[];
  date: string;
  mode: string;
  durationS: number;
  runId: string;
  node: string;
  machine: { cpuModel: string; nproc: number; memoryTotal: string; kernel: string };
  options: { measureS: number; warmupS: number; rate: number; workers: number; maps: string[]; decode?: number[]; decodeAll?: boolean; naiveBudgetS: number };
  valkey: { private: boolean };
  verdicts: { target: string; measured: string; met: boolean | null; bound?: string }[];
  scenarios: {
    ccu?: {
      steps: Step[];
      failures?: { players: number; error: string }[];
      profile?: { file: string; windows: { players: number; busyShare: number; topPackages: { name: string; sharePct: number }[]; topFunctions: { name: string; sharePct: number }[] }[] } | null;
    };
    bareView?: { steps: Step[]; failures?: { players: number; error: string }[] };
    bare?: { steps: Step[]; failures?: { players: number; error: string }[] };
    bareRatio?: Ratio[];
    bareViewRatio?: Ratio[];
    batchSync?: BatchSyncResult[];
    join?: { concurrentJoins: number; rounds: number; joined: number; failed: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number; roundWallMs: number[]; sequential: { joins: number; p50Ms: number; p99Ms: number; maxMs: number } };
    valkeyRoundTrips?: { bots: number; idleRequestsPerS: number; idleCallsPerS: number; rows: { type: string; commands: number; ok: number; requestsPerCommand: number; callsPerCommand: number; scriptsPerCommand: number; multiBlocksPerCommand: number; callsByName: Record<string, number> }[] };
    cluster?: { ran: false; reason: string } | { ran: true; processes: number; steps: Step[] };
    npcs?: { steps: NpcStep[]; failures?: { label: string; error: string }[] };
  };
  warnings: string[];
}

const fmt = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined || !Number.isFinite(v) ? "-" : v.toLocaleString("en-US", { maximumFractionDigits: digits }));
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

function failuresOf(codes: Record<string, number>): string {
  const failed = Object.entries(codes).filter(([c]) => c !== "ok").sort((a, b) => b[1] - a[1]);
  return failed.length === 0 ? "none" : failed.map(([c, n]) => `${c} ${n}`).join(", ");
}

function ccuTable(steps: Step[], withServer: boolean): string {
  return table(
    ["bots", "active", "holds", "offered/s", "handled/s", "ok", "p50 ms", "p95 ms", "p99 ms", ...(withServer ? ["server p50/p99 ms"] : []),
      "patch B/client/s", "server CPU (cores)", "CPU ms/command", "bots' CPU (cores; decoding)", "Valkey CPU", "other CPU on the machine", "RSS MB",
      ...(withServer ? ["heap MB after GC", "heap KB/player added"] : []), "failures"],
    steps.map((s) => [
      s.players, s.active ?? s.joined, s.holds === undefined ? "-" : s.holds ? "yes" : "**no**", fmt(s.offeredPerS, 0), fmt(s.commandsPerS, 0), `${fmt(s.okRatio * 100, 1)}%`,
      fmt(s.p50Ms), fmt(s.p95Ms), fmt(s.p99Ms),
      ...(withServer ? [`${fmt(s.serverP50Ms)} / ${fmt(s.serverP99Ms)}`] : []),
      fmt(s.patchBytesPerClientPerS, 0), fmt(s.serverCpuCores, 2), fmt(s.serverCpuMsPerCommand, 3),
      `${fmt(s.botCpuCores, 2)}${s.decoding === undefined ? "" : `; ${s.decoding}`}`, fmt(s.valkeyCpuCores, 2), fmt(s.otherCpuCores, 2), fmt(s.rssMb, 0),
      ...(withServer ? [fmt(s.heapUsedMb, 0), fmt(s.heapKbPerPlayer, 0)] : []),
      failuresOf(s.codes) + (Object.keys(s.disconnects).length > 0 ? `; disconnects ${Object.entries(s.disconnects).map(([c, n]) => `${c}: ${n}`).join(", ")}` : "") +
        (s.joinFailed > 0 || (s.joinNotAttempted ?? 0) > 0 ? `; joins failed ${s.joinFailed}, not attempted ${s.joinNotAttempted ?? 0}` : "") +
        (s.overload && (s.overload.rateLimited > 0 || s.overload.serverFullJoins > 0 || s.overload.closes4002 > 0)
          ? `; 4002 closes ${s.overload.closes4002}, RATE_LIMITED sent late ${s.overload.rateLimitedSentLate}, SERVER_FULL joins ${s.overload.serverFullJoins}` : "") +
        ((s.refused ?? 0) > 0 ? `; ${s.refused} bots out (SERVER_FULL; admission lag ${fmt(s.admissionLagMs ?? null)} ms)` : ""),
    ]),
  );
}

function ratioTable(ratios: Ratio[]): string {
  return table(["bots", "throughput", "p50", "p99", "CPU per command"],
    ratios.map((x) => [x.players, fmt(x.throughputRatio, 2), `${fmt(x.p50Ratio, 1)}x`, `${fmt(x.p99Ratio, 1)}x`, `${fmt(x.cpuPerCommandRatio, 2)}x`]));
}

const decodeText = (o: Results["options"]) => {
  if (o.decode) return o.decode.every((f) => f >= 1) ? "every bot decodes every patch with the SDK" : `the fraction of bots decoding every patch per step: ${o.decode.join(", ")} (the last repeats)`;
  return o.decodeAll ? "every bot decodes every patch" : "2% of the bots decode every patch, the others count bytes only";
};

export function renderResults(r: Results): string {
  const out: string[] = [];
  const s = r.scenarios;
  out.push(`Run \`${r.runId}\` (${r.mode} mode, ${r.durationS} s), ${r.date.slice(0, 16).replace("T", " ")} UTC, Node ${r.node}, ${r.machine.cpuModel} ` +
    `(${r.machine.nproc} cores), ${r.machine.memoryTotal}, ${r.machine.kernel}. Valkey: ${r.valkey.private ? "a redis-server of the bench's own" : "shared"}. ` +
    `Each CCU step: ${r.options.warmupS} s warm-up, ${r.options.measureS} s measured, ${r.options.rate} commands/s per bot, ${r.options.workers} bot processes, ` +
    `maps ${r.options.maps.join(", ")}, ${decodeText(r.options)}.`);
  const runs = r.runs ?? [];
  if (runs.length > 1) {
    // With --merge, a scenario's numbers come from the last run that ran it.
    const latest = new Map<string, string>();
    for (const run of runs) for (const sc of run.scenarios ?? ["sync", "join", "valkey", "ccu", "bare", "cluster", "npcs"]) latest.set(sc, `${run.runId} (${run.mode ?? "?"}, ${(run.date ?? "").slice(0, 16).replace("T", " ")})`);
    const keyOf: Record<string, keyof Results["scenarios"]> = {
      sync: "batchSync", join: "join", valkey: "valkeyRoundTrips", ccu: "ccu", bareview: "bareView", bare: "bare", cluster: "cluster", npcs: "npcs",
    };
    const shown = [...latest].filter(([sc]) => keyOf[sc] === undefined || s[keyOf[sc]] !== undefined);
    out.push(`\nScenarios by run: ${shown.map(([sc, run]) => `${sc} from ${run}`).join("; ")}.`);
  }
  const busy = (r.environment ?? []).filter((e) => !e.quiet);
  if (busy.length > 0) out.push(`\nThe machine was busy with other work before: ${busy.map((e) => `${e.scenario} (${fmt(e.busyCores, 2)} cores busy)`).join(", ")}.`);
  out.push("\n### Targets\n");
  out.push(table(["target", "measured", "verdict", "what bounds it"],
    r.verdicts.map((v) => [v.target, v.measured, v.met === null ? "?" : v.met ? "met" : "**missed**", v.met === false ? (v.bound ?? "see the analysis below") : "-"])));
  if (s.ccu) {
    out.push("\n### 1. Players ladder, one process (the mainland, bots spread like a live world)\n");
    out.push(ccuTable(s.ccu.steps, true));
    for (const f of s.ccu.failures ?? []) out.push(`\nStep ${f.players} did not complete: ${f.error}`);
    const profile = s.ccu.profile;
    if (profile?.windows.length) {
      out.push(`\nThe server's main thread per step (CPU profile \`${profile.file}\`, self time over the measured window):\n`);
      out.push(table(["bots", "busy", "top packages", "top functions"], profile.windows.map((w) => [w.players, `${fmt(w.busyShare, 1)}%`,
        w.topPackages.slice(0, 5).map((p) => `${p.name} ${fmt(p.sharePct, 1)}%`).join(", "),
        w.topFunctions.slice(0, 5).map((f) => `\`${f.name}\` ${fmt(f.sharePct, 1)}%`).join(", ")])));
    }
  }
  const bareRooms = [
    [s.bareView, s.bareViewRatio, "6a. The same-state bare room: the map room's schema and interest management, same bots and spread, no storage, no rules",
      "Our server as a ratio of the same-state bare room (throughput: handled/s ours ÷ bare; latency and CPU: ours ÷ bare):"],
    [s.bare, s.bareRatio, "6b. The limit: an empty bare Colyseus room, same bots", "Our server as a ratio of the empty bare room:"],
  ] as const;
  for (const [bare, ratios, title, ratioTitle] of bareRooms) {
    if (!bare) continue;
    out.push(`\n### ${title}\n`);
    out.push(ccuTable(bare.steps, false));
    if (ratios?.length) out.push(`\n${ratioTitle}\n`, ratioTable(ratios));
  }
  if (s.batchSync?.[0] && "full" in s.batchSync[0]) {
    out.push("\n### 2. Batch sync\n");
    out.push("\"90% moved\": every player dirty, 90% of them only moved, the others also changed two inventory slots and one skill's xp. " +
      "\"Full\": every player changed position, 28 inventory slots, 11 equipment slots and 11 skills (51 rows). \"PostgreSQL\": the same 51 rows per player " +
      "(new values), COPY from STDIN into temporary tables and INSERT ... ON CONFLICT DO UPDATE, in one transaction, in the same run.\n");
    out.push(table(["players", "90% moved: syncAll (rows; Valkey read / write after it)", "full: syncAll", "full: rows/s (read / write after it, s)", "PostgreSQL COPY + upsert", "PostgreSQL rows/s (COPY / upsert s)", "sync ÷ PostgreSQL rate"],
      s.batchSync.map((b) => [b.players,
        `${fmt(b.movedMostly.syncS, 2)} s (${fmt(b.movedMostly.rows, 0)}; ${fmt(b.movedMostly.phasesS?.valkeyRead, 2)} / ${fmt(b.movedMostly.phasesS?.postgresWrite, 2)} s)`,
        `${fmt(b.full.syncS, 2)} s (${fmt(b.full.rows, 0)} rows)`, `${fmt(b.full.rowsPerS, 0)} (${fmt(b.full.phasesS?.valkeyRead, 2)} / ${fmt(b.full.phasesS?.postgresWrite, 2)})`,
        `${fmt(b.postgres.seconds, 2)} s (${fmt(b.postgres.rows, 0)} rows)`, `${fmt(b.postgres.rowsPerS, 0)} (${fmt(b.postgres.copyS, 2)} / ${fmt(b.postgres.upsertS, 2)})`,
        `${fmt(b.ofPostgresRate * 100, 1)}%`])));
  }
  if (s.join) {
    const j = s.join;
    out.push("\n### 3. Join (joinOrCreate to the first state holding the player)\n");
    out.push(table(["joins", "p50 ms", "p95 ms", "p99 ms", "max ms", "failed", "wall time of the burst"], [
      [`${j.concurrentJoins} at once x ${j.rounds}`, fmt(j.p50Ms), fmt(j.p95Ms), fmt(j.p99Ms), fmt(j.maxMs), j.failed, j.roundWallMs.map((w) => `${fmt(w, 0)} ms`).join(", ")],
      [`${j.sequential.joins} one at a time`, fmt(j.sequential.p50Ms), "-", fmt(j.sequential.p99Ms), fmt(j.sequential.maxMs), 0, "-"],
    ]));
  }
  if (s.valkeyRoundTrips) {
    const v = s.valkeyRoundTrips;
    out.push(`\n### 4. Valkey round trips per gameplay command (${v.bots} bots, quiet server; idle baseline ${fmt(v.idleRequestsPerS, 1)} requests/s, ${fmt(v.idleCallsPerS, 1)} calls/s subtracted)\n`);
    out.push(table(["command", "commands (ok)", "requests / command", "scripts", "MULTI blocks", "commandstats calls / command", "calls by command"],
      v.rows.map((x) => [x.type, `${x.commands} (${x.ok})`, fmt(x.requestsPerCommand, 2), fmt(x.scriptsPerCommand, 2), fmt(x.multiBlocksPerCommand, 2), fmt(x.callsPerCommand, 1),
        Object.entries(x.callsByName).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${fmt(n, 2)}`).join(", ")])));
  }
  if (s.cluster) {
    out.push("\n### 5. CCU sweep over 2 processes\n");
    if (!s.cluster.ran) out.push(`**Not run**: ${s.cluster.reason}.`);
    else out.push(ccuTable(s.cluster.steps, false));
  }
  if (s.npcs) {
    out.push("\n### 7. NPCs (one map, 600 ms ticks, 5 commands/s per bot)\n");
    out.push(table(["step", "tick p50 / p99 / mean ms", "ticks: share of one core", "ticks/s (skipped)", "server CPU (cores)", "handled/s", "p50 ms", "p95 ms", "p99 ms",
      "patch B/client/s", "RSS MB", "result codes"],
      s.npcs.steps.map((n) => [n.label, `${fmt(n.tickP50Ms, 2)} / ${fmt(n.tickP99Ms, 2)} / ${fmt(n.tickMeanMs, 2)}`, `${fmt(n.tickCoreShare * 100, 2)}%`,
        `${fmt(n.ticksPerS, 2)} (${n.ticksSkipped})`, fmt(n.serverCpuCores, 3), fmt(n.commandsPerS, 0), fmt(n.p50Ms), fmt(n.p95Ms), fmt(n.p99Ms),
        fmt(n.patchBytesPerClientPerS, 0), fmt(n.rssMb, 0), Object.entries(n.codes).sort((a, b) => b[1] - a[1]).map(([c, k]) => `${c} ${k}`).join(", ")])));
    for (const f of s.npcs.failures ?? []) out.push(`\nStep "${f.label}" did not complete: ${f.error}`);
  }
  if (r.warnings.length > 0) out.push(`\n### Warnings\n\n${r.warnings.map((w) => `- ${w}`).join("\n")}`);
  return out.join("\n");
}

export const DEFAULT_RESULTS = join(REPO_ROOT, "bench", "results.json");
export const DEFAULT_DOC = join(REPO_ROOT, "docs", "PERFORMANCE.md");

/** Rewrites the results section of `docPath` from the results file (what `npm run bench:report` does). */
export function updateDoc(resultsPath = DEFAULT_RESULTS, docPath = DEFAULT_DOC): void {
  const results = JSON.parse(readFileSync(resultsPath, "utf8")) as Results;
  const doc = readFileSync(docPath, "utf8");
  const begin = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${docPath} has no ${BEGIN} ... ${END} section`);
  const updated = `${doc.slice(0, begin + BEGIN.length)}\n<!-- generated by \`npm run bench:report\` from bench/results.json; edits here are overwritten -->\n\n${renderResults(results)}\n\n${doc.slice(end)}`;
  writeFileSync(docPath, updated);
  console.log(`updated ${docPath} from ${resultsPath} (run ${results.runId})`);
}

function main(): void {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1]! : fallback;
  };
  updateDoc(arg("results", DEFAULT_RESULTS), arg("doc", DEFAULT_DOC));
}

if (import.meta.url === `file://${process.argv[1]}`) main();
