import { monitorEventLoopDelay, performance, type IntervalHistogram } from "node:perf_hooks";

/** How often the watch's own beat is due: the time between two beats is how long the loop went without a turn. */
const BEAT_MS = 20;
/** A beat later than this counts as a stall; smaller jitter is the loop's ordinary work. */
const STALL_MIN_MS = 50;
/** The window over which one figure of the loop's lag (its 99th percentile) is measured. */
const LAG_WINDOW_MS = 1_000;
/** Admission looks at the median of this many recent windows: lag sustained for most of them, not one pause. */
const LAG_WINDOWS = 5;
const NS_PER_MS = 1e6;

/**
 * The bookkeeping of the watch's beat, fed with the time of each beat (`performance.now()` ms): how long the
 * loop could not run. Apart from the timers so that a test can step it.
 */
export class LoopBeats {
  private stalledMs = 0;
  /** The time between the last two beats: the loop's last turn (or turns), or a stall. */
  private lastGapMs = 0;

  constructor(private lastBeatMs: number) {}

  /** Records a beat at `nowMs`. */
  beat(nowMs: number): void {
    this.lastGapMs = nowMs - this.lastBeatMs;
    this.stalledMs += stallOf(this.lastGapMs);
    this.lastBeatMs = nowMs;
  }

  /**
   * The total time (ms) the loop could not run, up to `nowMs`: every stall (a beat over `STALL_MIN_MS` late), and the one going on
   * now when the loop has only just resumed (I/O read right after a stall may run before the late beat).
   * Never decreases.
   */
  stalledMsUntil(nowMs: number): number {
    return this.stalledMs + stallOf(nowMs - this.lastBeatMs);
  }

  /**
   * How long a message read at `nowMs` may have waited unread in its socket (an upper bound). The loop reads
   * every ready socket once a turn, so a message read now came after the previous turn's read: it waited
   * at most through that turn and this one, which the time since the last beat and the gap before it
   * cover (the beat runs once a turn while turns last longer than its period). A stall (a blocking
   * handler, a long GC, a process stopped by its host) and an ordinary busy turn (a patch broadcast to a
   * crowd, a backlog of messages) alike: the messages a client spaced out are read closer together than
   * they were sent by up to this much. Cooldowns give a command this much credit (`Cooldowns.accept`).
   */
  readDelayMs(nowMs: number): number {
    return nowMs - this.lastBeatMs + this.lastGapMs;
  }
}

/**
 * The lag admission looks at, from the loop's lag measured over consecutive windows (each its 99th
 * percentile): the median of the last `LAG_WINDOWS`. A process past its knee lags in most windows; one
 * pause (a long GC, a burst of joins) raises one or two windows and not the median.
 */
export class SustainedLag {
  private readonly windowsMs: number[] = [];

  /** Records the lag (ms) of the window that just ended. */
  push(windowLagMs: number): void {
    this.windowsMs.push(windowLagMs);
    if (this.windowsMs.length > LAG_WINDOWS) this.windowsMs.shift();
  }

  /** The median of the last `LAG_WINDOWS` windows' lag (windows not measured yet count as no lag). */
  ms(): number {
    const sorted = [...this.windowsMs, ...Array<number>(LAG_WINDOWS - this.windowsMs.length).fill(0)].sort((a, b) => a - b);
    return sorted[Math.floor(LAG_WINDOWS / 2)]!;
  }
}

/**
 * This process's event loop, as measured: how long it has been unable to run (stalls: a blocking busy
 * handler, a long GC, a process stopped by its host), how long a message read now may have waited, and
 * its sustained lag. One per process; times are `performance.now()` milliseconds.
 */
export class EventLoopWatch {
  private readonly beats = new LoopBeats(performance.now());
  private readonly lag = new SustainedLag();
  private readonly beat: NodeJS.Timeout;
  private readonly window: NodeJS.Timeout;
  private readonly histogram: IntervalHistogram;

  constructor() {
    this.beat = setInterval(() => this.beats.beat(performance.now()), BEAT_MS);
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
    this.histogram.enable();
    this.window = setInterval(() => {
      this.lag.push(this.histogram.count > 0 ? this.histogram.percentile(99) / NS_PER_MS : 0);
      this.histogram.reset();
    }, LAG_WINDOW_MS);
    // Measuring never keeps a process alive.
    this.beat.unref();
    this.window.unref();
  }

  now = (): number => performance.now();

  /** See `LoopBeats.stalledMsUntil`. */
  stalledMsUntil(nowMs: number): number {
    return this.beats.stalledMsUntil(nowMs);
  }

  /** See `LoopBeats.readDelayMs`. */
  readDelayMs(nowMs: number): number {
    return this.beats.readDelayMs(nowMs);
  }

  /**
   * The event loop's sustained lag (ms): the median over the last 5 seconds of each second's 99th
   * percentile (`monitorEventLoopDelay`). High while the process is past what it can carry, not after one
   * isolated pause; it rises about 3 s into an overload and falls about 3 s after it.
   */
  lagMs(): number {
    return this.lag.ms();
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
