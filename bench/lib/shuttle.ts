/**
 * The CCU bot's moves: it shuttles between its tile and the one left of it (the only tiles the bench's
 * placement checks: `safeTiles`). Each direction is planned from where the bot stands once its moves in
 * flight are accepted, so results that come after the next command is sent (past the knee) do not send
 * two steps the same way; a refused move is taken back when its result comes.
 */
export class Shuttle {
  /** Where the bot stands relative to its tile once its moves in flight are accepted (0 or -1 while all are). */
  private offset = 0;

  /** The next move's direction; call the returned `settle` with its result (null: none came, assumed accepted). */
  next(): { dir: "left" | "right"; settle: (ok: boolean | null) => void } {
    const dir = this.offset < 0 ? "right" : "left";
    const step = dir === "left" ? -1 : 1;
    this.offset += step;
    return {
      dir,
      settle: (ok) => {
        if (ok === false) this.offset -= step;
      },
    };
  }
}
