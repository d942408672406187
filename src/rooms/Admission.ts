/** Why a process refuses a newcomer: it carries as many players as it may, or its event loop lags. */
export type AdmissionRefusal = "players" | "lag";

export interface AdmissionLimits {
  /** Players (joined, joining, or in their reconnection window) this process carries at most; 0: no limit. */
  maxPlayersPerProcess: number;
  /** The event-loop lag (ms, see `EventLoopWatch.lagMs`) past which newcomers are refused; 0: never. */
  maxEventLoopLagMs: number;
}

/**
 * Admission control of one process: past its knee, a process refuses NEW players (`SERVER_FULL`) rather
 * than degrade everyone already in. Players already in the world (a transfer between maps, a second login)
 * and reconnections are never refused by it. Each map room registers how many seats it holds.
 */
export class Admission {
  private readonly rooms = new Set<() => number>();

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly loop: { lagMs(): number },
    private readonly onRefused?: (why: AdmissionRefusal) => void,
  ) {}

  /** Counts a room's seats (players, joins under way, reconnection windows) until the returned function is called. */
  register(seats: () => number): () => void {
    this.rooms.add(seats);
    return () => this.rooms.delete(seats);
  }

  /** Seats held by every room of this process. */
  players(): number {
    let total = 0;
    for (const seats of this.rooms) total += seats();
    return total;
  }

  /** Why a newcomer is refused now (counted in the metrics), or null when it may join. */
  refuse(): { why: AdmissionRefusal; message: string } | null {
    const refusal = this.check();
    if (refusal) this.onRefused?.(refusal.why);
    return refusal;
  }

  private check(): { why: AdmissionRefusal; message: string } | null {
    const { maxPlayersPerProcess, maxEventLoopLagMs } = this.limits;
    if (maxPlayersPerProcess > 0 && this.players() >= maxPlayersPerProcess) return { why: "players", message: "this server carries as many players as it may" };
    if (maxEventLoopLagMs > 0 && this.loop.lagMs() > maxEventLoopLagMs) return { why: "lag", message: "this server is overloaded: try again shortly" };
    return null;
  }
}
