import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import type { GameStateManager } from "./GameStateManager.js";

/**
 * Runs `gsm.syncAll()` every `intervalMs`, never two at once in this process (other processes may sync
 * at the same time: the GSM makes that safe), then saves and unloads the players no session holds any more
 * (`gsm.unloadAbandoned`: a leave whose save failed is retried here). A failed run is logged; its ids stay
 * dirty for the next.
 */
export class SyncScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly gsm: GameStateManager,
    private readonly intervalMs: number,
    private readonly log: Logger,
    private readonly onRun?: (outcome: { durationMs: number; rows: number; ok: boolean }) => void,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  runOnce(): Promise<void> {
    this.running ??= this.sync().finally(() => (this.running = null));
    return this.running;
  }

  private async sync(): Promise<void> {
    const started = performance.now();
    try {
      const counts = await this.gsm.syncAll();
      const rows = (Object.values(counts.rows) as number[]).reduce((a, b) => a + b, 0);
      const durationMs = performance.now() - started;
      this.onRun?.({ durationMs, rows, ok: true });
      if (counts.players > 0 || counts.ground_items > 0) this.log.debug({ counts, durationMs }, "batch sync");
    } catch (err) {
      this.onRun?.({ durationMs: performance.now() - started, rows: 0, ok: false });
      this.log.error({ err }, "batch sync failed; its changes stay dirty for the next run");
      return;
    }
    try {
      const unloaded = await this.gsm.unloadAbandoned();
      if (unloaded.length > 0) this.log.info({ playerIds: unloaded }, "saved and unloaded players whose session had ended");
    } catch (err) {
      this.log.error({ err }, "could not unload players whose session had ended; the next run tries again");
    }
  }
}
