import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, freemem, loadavg, totalmem } from "node:os";

let clockTicks: number | null = null;

function ticksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU seconds a process has used so far (Linux /proc). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / ticksPerSecond();
}

/** Resident set size in bytes (Linux /proc). */
export function rssBytesOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return match ? Number(match[1]) * 1024 : NaN;
}

/** A CPU meter over a window: `stop()` gives the share of one core used since `start`. */
export function cpuMeter(pid: number): { stop(): { cpuSeconds: number; wallSeconds: number; coreShare: number } } {
  const cpu0 = cpuSecondsOf(pid);
  const t0 = performance.now();
  return {
    stop() {
      const cpuSeconds = cpuSecondsOf(pid) - cpu0;
      const wallSeconds = (performance.now() - t0) / 1000;
      return { cpuSeconds, wallSeconds, coreShare: wallSeconds > 0 ? cpuSeconds / wallSeconds : NaN };
    },
  };
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryTotal: string;
  memoryFree: string;
  nproc: number;
  freeH: string;
  kernel: string;
  node: string;
}

/** What the docs and results record about the machine. */
export function machineInfo(): MachineInfo {
  const run = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: "utf8" }).trim();
    } catch {
      return "";
    }
  };
  const gib = (b: number) => `${(b / 1024 ** 3).toFixed(1)} GiB`;
  return {
    cpuModel: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    nproc: Number(run("nproc", [])) || cpus().length,
    memoryTotal: gib(totalmem()),
    memoryFree: gib(freemem()),
    freeH: run("free", ["-h"]),
    kernel: run("uname", ["-sr"]),
    node: process.version,
  };
}

/** Machine-wide busy and total CPU time in clock ticks (the `cpu` line of /proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Cores busy machine-wide over a window (every process, ours and others'). */
export function machineMeter(): { stop(): number } {
  const t0 = machineTicks();
  const w0 = performance.now();
  return {
    stop() {
      const t1 = machineTicks();
      const wallS = (performance.now() - w0) / 1000;
      return wallS > 0 ? (t1.busy - t0.busy) / ticksPerSecond() / wallS : NaN;
    },
  };
}

/**
 * Waits (up to `maxWaitS`) until the machine is quiet: fewer than `thresholdCores` busy over a 2 s sample.
 * Other work on a shared machine (test suites, builds) distorts every number; the results record it.
 */
export async function waitForQuiet(maxWaitS: number, thresholdCores = 0.6): Promise<{ quiet: boolean; busyCores: number; waitedS: number; loadAvg1: number }> {
  const started = performance.now();
  let busyCores: number;
  do {
    const meter = machineMeter();
    await new Promise((r) => setTimeout(r, 2_000));
    busyCores = meter.stop();
    if (busyCores < thresholdCores) break;
  } while ((performance.now() - started) / 1000 < maxWaitS);
  const round = (x: number) => Math.round(x * 100) / 100;
  return { quiet: busyCores < thresholdCores, busyCores: round(busyCores), waitedS: round((performance.now() - started) / 1000), loadAvg1: round(loadavg()[0] ?? NaN) };
}
