import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, freemem, totalmem } from "node:os";

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
