/** How long after a stall the time it lent may still be spent: the backlog it left is read by then. */
const STALL_CREDIT_MS = 1_000;

/** Where the budget learns how long the process could not read messages (see `EventLoopWatch`). */
export interface StallClock {
  now(): number;
  stalledMsUntil(nowMs: number): number;
}

/**
 * One client's message allowance (GAME_RULES.md "Cooldowns and abuse limits": more than
 * `perSecond` messages a second close the client), counted by when the messages could have arrived. A
 * token bucket of `perSecond` tokens that refills at `perSecond` a second; time during which this process
 * could not read at all (a stalled event loop) refills it without the cap, because the messages read
 * right after a stall arrived during it: a client whose honest messages waited behind the server's own
 * stall is never taken for a flooder. That extra allowance lapses `STALL_CREDIT_MS` after the stall.
 */
export class MessageBudget {
  private tokens: number;
  private refilledAtMs: number;
  private stalledMsSeen: number;
  private creditUntilMs = -Infinity;

  constructor(
    private readonly perSecond: number,
    private readonly clock: StallClock,
  ) {
    this.tokens = perSecond;
    this.refilledAtMs = clock.now();
    this.stalledMsSeen = clock.stalledMsUntil(this.refilledAtMs);
  }

  /** Spends one message of the allowance; false when the client is over its limit. */
  take(): boolean {
    const nowMs = this.clock.now();
    const stalledMs = this.clock.stalledMsUntil(nowMs);
    const elapsedMs = Math.max(0, nowMs - this.refilledAtMs);
    const stallMs = Math.min(elapsedMs, stalledMs - this.stalledMsSeen);
    this.refilledAtMs = nowMs;
    this.stalledMsSeen = stalledMs;
    if (nowMs > this.creditUntilMs) this.tokens = Math.min(this.tokens, this.perSecond);
    const refill = ((elapsedMs - stallMs) * this.perSecond) / 1000;
    this.tokens = Math.max(this.tokens, Math.min(this.perSecond, this.tokens + refill));
    if (stallMs > 0) {
      this.tokens += (stallMs * this.perSecond) / 1000;
      this.creditUntilMs = nowMs + STALL_CREDIT_MS;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
