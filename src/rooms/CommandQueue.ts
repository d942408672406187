/**
 * One client's commands, run one at a time in the order their messages arrived (GAME_RULES.md
 * "Cooldowns and abuse limits"): a command's checks see every earlier command of that client finished.
 * Each task is handed the time its message arrived (read from `now` when it is pushed), by which its
 * cooldown is judged, so the time it waits here behind a slow command never counts against the client.
 */
export class CommandQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly now: () => number,
    /** How long before its reading a message may have arrived: the loop's current and previous turn (`EventLoopWatch.readDelayMs`). */
    private readonly readDelayCreditMs: () => number = () => 0,
  ) {}

  /** Queues `task` behind every earlier one; settles once it has run. A failed task does not stop the queue. */
  push(task: (arrivedMs: number, readDelayCreditMs: number) => Promise<void>): Promise<void> {
    const arrivedMs = this.now();
    const creditMs = this.readDelayCreditMs();
    const run = this.tail.then(() => task(arrivedMs, creditMs));
    this.tail = run.catch(() => undefined);
    return run;
  }
}
