/**
 * Rewrites the measured-results section of docs/PERFORMANCE.md (between the `<!-- bench:results:begin -->`
 * and `<!-- bench:results:end -->` markers) from bench/results.json. Usage:
 *   npm run bench:report [-- --results bench/results.json --doc docs/PERFORMANCE.md]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./lib/serverProcess.js";

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
interface Results {
  runs?: { runId: string; date?: string; mode?: string; scenarios?: string[] }[];
  environment?: { scenario: string; quiet: boolean; busyCores: number; waitedS: number; loadAvg1: number }[];
  date: string;
  mode: string;
  durationS: number;
  runId: string;
  node: string;
  machine: { cpuModel: string; nproc: number; memoryTotal: string; kernel: string };
  options: { measureS: number; warmupS: number; rate: number; workers: number; maps: string[]; decodeAll: boolean; naiveBudgetS: number };
  valkey: { private: boolean };
  verdicts: { target: string; measured: string; met: boolean | null }[];
  scenarios: {
    ccu?: { steps: Step[]; failures?: { players: number; error: string }[] };
    bare?: { steps: Step[]; failures?: { players: number; error: string }[] };
    bareRatio?: { players: number; throughputRatio: number; p50Ratio: number; p99Ratio: number; cpuPerCommandRatio: number }[];
    batchSync?: {
      players: number; rows: number; syncAllS: number; syncRowsPerS: number; syncPhasesS: { valkeyRead: number; postgresWrite: number } | null;
      naive: { playersMeasured: number; measuredS: number; rowsPerS: number; estimatedS: number; extrapolated: boolean }; speedup: number;
    }[];
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
    ["bots", "active", "offered/s", "handled/s", "ok", "p50 ms", "p95 ms", "p99 ms", ...(withServer ? ["server p50/p99 ms"] : []),
      "patch B/client/s", "server CPU (cores)", "CPU ms/command", "Valkey CPU", "other CPU on the machine", "RSS MB", "KB/player", "failures"],
    steps.map((s) => [
      s.players, s.active ?? s.joined, fmt(s.offeredPerS, 0), fmt(s.commandsPerS, 0), `${fmt(s.okRatio * 100, 1)}%`, fmt(s.p50Ms), fmt(s.p95Ms), fmt(s.p99Ms),
      ...(withServer ? [`${fmt(s.serverP50Ms)} / ${fmt(s.serverP99Ms)}`] : []),
      fmt(s.patchBytesPerClientPerS, 0), fmt(s.serverCpuCores, 2), fmt(s.serverCpuMsPerCommand, 2), fmt(s.valkeyCpuCores, 2), fmt(s.otherCpuCores, 2), fmt(s.rssMb, 0),
      fmt(s.rssKbPerPlayer, 0), failuresOf(s.codes) + (Object.keys(s.disconnects).length > 0 ? `; disconnects ${Object.entries(s.disconnects).map(([c, n]) => `${c}: ${n}`).join(", ")}` : "") +
        (s.joinFailed > 0 || (s.joinNotAttempted ?? 0) > 0 ? `; joins failed ${s.joinFailed}, not attempted ${s.joinNotAttempted ?? 0}` : ""),
    ]),
  );
}

export function renderResults(r: Results): string {
  const out: string[] = [];
  const s = r.scenarios;
  out.push(`Run \`${r.runId}\` (${r.mode} mode, ${r.durationS} s), ${r.date.slice(0, 16).replace("T", " ")} UTC, Node ${r.node}, ${r.machine.cpuModel} ` +
    `(${r.machine.nproc} cores), ${r.machine.memoryTotal}, ${r.machine.kernel}. Valkey: ${r.valkey.private ? "a redis-server of the bench's own" : "shared"}. ` +
    `Each CCU step: ${r.options.warmupS} s warm-up, ${r.options.measureS} s measured, ${r.options.rate} commands/s per bot, ${r.options.workers} bot processes, ` +
    `maps ${r.options.maps.join(", ")}, ${r.options.decodeAll ? "every bot decodes every patch" : "2% of the bots decode every patch, the others count bytes only"}.`);
  const runs = r.runs ?? [];
  if (runs.length > 1) {
    // With --merge, a scenario's numbers come from the last run that ran it.
    const latest = new Map<string, string>();
    for (const run of runs) for (const sc of run.scenarios ?? ["sync", "join", "valkey", "ccu", "bare", "cluster", "npcs"]) latest.set(sc, `${run.runId} (${run.mode ?? "?"}, ${(run.date ?? "").slice(0, 16).replace("T", " ")})`);
    out.push(`\nScenarios by run: ${[...latest].map(([sc, run]) => `${sc} from ${run}`).join("; ")}.`);
  }
  const busy = (r.environment ?? []).filter((e) => !e.quiet);
  if (busy.length > 0) out.push(`\nThe machine was busy with other work before: ${busy.map((e) => `${e.scenario} (${fmt(e.busyCores, 2)} cores busy)`).join(", ")}.`);
  out.push("\n### Targets\n");
  out.push(table(["target", "measured", "verdict"], r.verdicts.map((v) => [v.target, v.measured, v.met === null ? "?" : v.met ? "met" : "**missed**"])));
  if (s.ccu) {
    out.push("\n### 1. CCU sweep, one process\n");
    out.push(ccuTable(s.ccu.steps, true));
    for (const f of s.ccu.failures ?? []) out.push(`\nStep ${f.players} did not complete: ${f.error}`);
  }
  if (s.bare) {
    out.push("\n### 6. The limit: a bare Colyseus room, same bots\n");
    out.push(ccuTable(s.bare.steps, false));
    if (s.bareRatio?.length) {
      out.push("\nOur server as a ratio of the bare room (throughput: handled/s ours ÷ bare; latency and CPU: ours ÷ bare):\n");
      out.push(table(["bots", "throughput", "p50", "p99", "CPU per command"], s.bareRatio.map((x) => [x.players, fmt(x.throughputRatio, 2), `${fmt(x.p50Ratio, 1)}x`, `${fmt(x.p99Ratio, 1)}x`, `${fmt(x.cpuPerCommandRatio, 1)}x`])));
    }
  }
  if (s.batchSync) {
    out.push("\n### 2. Batch sync (dirty players with full state: position, 28 inventory slots, 11 equipment slots, 11 skills)\n");
    out.push(table(["players", "rows", "syncAll", "rows/s", "of which Valkey read / PostgreSQL write", "naive per-player Prisma", "naive rows/s", "speed-up"],
      s.batchSync.map((b) => [b.players, fmt(b.rows, 0), `${fmt(b.syncAllS, 2)} s`, fmt(b.syncRowsPerS, 0),
        b.syncPhasesS ? `${fmt(b.syncPhasesS.valkeyRead, 2)} s / ${fmt(b.syncPhasesS.postgresWrite, 2)} s` : "-",
        `${fmt(b.naive.estimatedS, 1)} s${b.naive.extrapolated ? ` (extrapolated from ${b.naive.playersMeasured} players in ${fmt(b.naive.measuredS, 1)} s)` : ""}`,
        fmt(b.naive.rowsPerS, 0), `${fmt(b.speedup, 1)}x`])));
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
  out.push("\n### 5. CCU sweep over 2 processes\n");
  if (!s.cluster) out.push("Not run in this bench run.");
  else if (!s.cluster.ran) out.push(`**Not run**: ${s.cluster.reason}.`);
  else out.push(ccuTable(s.cluster.steps, false));
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

function main(): void {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1]! : fallback;
  };
  const resultsPath = arg("results", join(REPO_ROOT, "bench", "results.json"));
  const docPath = arg("doc", join(REPO_ROOT, "docs", "PERFORMANCE.md"));
  const results = JSON.parse(readFileSync(resultsPath, "utf8")) as Results;
  const doc = readFileSync(docPath, "utf8");
  const begin = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${docPath} has no ${BEGIN} ... ${END} section`);
  const updated = `${doc.slice(0, begin + BEGIN.length)}\n<!-- generated by \`npm run bench:report\` from bench/results.json; edits here are overwritten -->\n\n${renderResults(results)}\n\n${doc.slice(end)}`;
  writeFileSync(docPath, updated);
  console.log(`updated ${docPath} from ${resultsPath} (run ${results.runId})`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
