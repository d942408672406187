/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by package/file, and
 * total (inclusive) time of the functions that matter most. Usage:
 *   node --import tsx bench/profile.ts <file.cpuprofile> [--top 30] [--from S] [--to S]
 * (--from/--to: seconds since the profile started).
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  byFunction: { name: string; selfMs: number; share: number }[];
  byPackage: { name: string; selfMs: number; share: number }[];
  inclusive: { name: string; totalMs: number; share: number }[];
}

function packageOf(url: string): string {
  if (!url) return "(native/gc)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return "node:internal";
  const src = url.indexOf("/src/");
  return src >= 0 ? url.slice(src + 1).replace(/^file:\/\//, "") : url.replace(/^file:\/\//, "");
}

/**
 * `fromS`/`toS`: only the samples taken that many seconds after the profile started (the process start,
 * give or take a few ms), so a window of a benchmark can be looked at without start-up and shutdown.
 */
export function summarise(profile: Profile, top = 25, fromS = 0, toS = Infinity): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  let clockUs = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    clockUs += dt;
    if (clockUs < fromS * 1e6 || clockUs > toS * 1e6) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  });
  const fnSelf = new Map<string, number>();
  const pkgSelf = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  const label = (n: ProfileNode) => {
    const f = n.callFrame;
    const file = f.url ? f.url.replace(/^.*\/(node_modules\/)?/, "") : "";
    return `${f.functionName || "(anonymous)"} ${file}:${f.lineNumber + 1}`;
  };
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    total += us;
    if (n.callFrame.functionName === "(idle)") {
      idle += us;
      continue;
    }
    fnSelf.set(label(n), (fnSelf.get(label(n)) ?? 0) + us);
    const pkg = packageOf(n.callFrame.url);
    pkgSelf.set(pkg, (pkgSelf.get(pkg) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + us);
    }
  }
  const busy = total - idle;
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    totalMs: total / 1000,
    idleMs: idle / 1000,
    byFunction: sorted(fnSelf).map(([name, us]) => ({ name, selfMs: us / 1000, share: us / busy })),
    byPackage: sorted(pkgSelf).map(([name, us]) => ({ name, selfMs: us / 1000, share: us / busy })),
    inclusive: sorted(inclusive).filter(([name]) => !/^\(root\)|^\(program\)/.test(name)).map(([name, us]) => ({ name, totalMs: us / 1000, share: us / busy })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: bench/profile.ts <file.cpuprofile> [--top N]");
    process.exit(2);
  }
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const s = summarise(JSON.parse(readFileSync(file, "utf8")) as Profile, arg("top", 25), arg("from", 0), arg("to", Infinity));
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  console.log(`profile: ${s.totalMs.toFixed(0)} ms sampled, ${s.idleMs.toFixed(0)} ms idle (${pct(s.idleMs / s.totalMs)})`);
  console.log("\nself time by package/file (share of busy time):");
  for (const r of s.byPackage) console.log(`  ${pct(r.share).padStart(6)}  ${r.selfMs.toFixed(0).padStart(7)} ms  ${r.name}`);
  console.log("\nself time by function:");
  for (const r of s.byFunction) console.log(`  ${pct(r.share).padStart(6)}  ${r.selfMs.toFixed(0).padStart(7)} ms  ${r.name}`);
  console.log("\ninclusive time:");
  for (const r of s.inclusive) console.log(`  ${pct(r.share).padStart(6)}  ${r.totalMs.toFixed(0).padStart(7)} ms  ${r.name}`);
}
