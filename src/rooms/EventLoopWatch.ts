import { monitorEventLoopDelay, performance, type IntervalHistogram } from "node:perf_hooks";

/** How often the watch's own beat is due: its lateness is the time the loop could not run. */
const BEAT_MS = 20;
/** A beat later than this counts as a stall; smaller jitter is the loop's ordinary work. */
const STALL_MIN_MS = 50;
/** For this long after a stall ends, the messages read then may have arrived during it (see `recentStallMs`). */
const STALL_CREDIT_WINDOW_MS = 1_000;
/** The window over which the lag that admission looks at is measured. */
const LAG_WINDOW_MS = 1_000;
const NS_PER_MS = 1e6;

/**
 * This process's event loop, as measured: how long it has been unable to run (stalls: a blocking busy
 * handler, a long GC, a process stopped by its host) and its recent lag. One per process; times are
 * `performance.now()` milliseconds.
 */
export class EventLoopWatch {
  private stalledMs = 0;
  private lastBeatMs = performance.now();
  private lastStall = { lengthMs: 0, endMs: -Infinity };
  private recentLagMs = 0;
  private readonly beat: NodeJS.Timeout;
  private readonly window: NodeJS.Timeout;
  private readonly histogram: IntervalHistogram;

  constructor() {
    this.beat = setInterval(() => {
      const now = performance.now();
      const stall = stallOf(now - this.lastBeatMs);
      this.stalledMs += stall;
      if (stall > 0) this.lastStall = { lengthMs: stall, endMs: now };
      this.lastBeatMs = now;
    }, BEAT_MS);
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
    this.histogram.enable();
    this.window = setInterval(() => {
      this.recentLagMs = this.histogram.count > 0 ? this.histogram.percentile(99) / NS_PER_MS : 0;
      this.histogram.reset();
    }, LAG_WINDOW_MS);
    // Measuring never keeps a process alive.
    this.beat.unref();
    this.window.unref();
  }

  now = (): number => performance.now();

  /**
   * The total time (ms) the loop could not run, up to `nowMs`: every stall (a beat over `STALL_MIN_MS` late), and the one going on
   * now when the loop has only just resumed (I/O read right after a stall may run before the late beat).
   * Never decreases.
   */
  stalledMsUntil(nowMs: number): number {
    return this.stalledMs + stallOf(nowMs - this.lastBeatMs);
  }

  /**
   * How long the loop could not run in its latest stall, when that stall ended less than a second before
   * `nowMs` (or is only just ending); else 0. A message read then may have arrived up to this long before it
   * was read: cooldowns give a command that much credit (`Cooldowns.accept`).
   */
  recentStallMs(nowMs: number): number {
    const ongoing = stallOf(nowMs - this.lastBeatMs);
    if (ongoing > 0) return ongoing;
    return nowMs - this.lastStall.endMs <= STALL_CREDIT_WINDOW_MS ? this.lastStall.lengthMs : 0;
  }

  /**
   * The event loop's lag over the last second (`monitorEventLoopDelay`'s 99th percentile): high while the
   * process is past what it can carry, not after one isolated pause.
   */
  lagMs(): number {
    return this.recentLagMs;
  }

  stop(): void {
    clearInterval(this.beat);
    clearInterval(this.window);
    this.histogram.disable();
  }
}

function stallOf(sinceBeatMs: number): number {
  const lateMs = sinceBeatMs - BEAT_MS;
  return lateMs > STALL_MIN_MS ? lateMs : 0;
}
