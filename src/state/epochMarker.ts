/**
 * The layout of the hot state in Valkey: which keys hold what. Raise it with every change that makes data
 * an older server wrote mean something else to a newer one (1: the marker carried no format; 2: a map's
 * ground items in a sorted set by despawn time, `ground_items:by_despawn:{map}`, instead of a set).
 */
export const HOT_STATE_FORMAT = 2;

/** What Valkey's epoch marker (`state:epoch`) holds: the epoch and the format of the data next to it. */
export interface EpochMarker {
  epoch: number;
  format: number;
}

/** The marker of `epoch` in this server's format; every script that guards on the epoch compares with it. */
export function epochMarker(epoch: number): string {
  return `${epoch}:v${HOT_STATE_FORMAT}`;
}

/**
 * Reads a marker; a bare number is format 1 (written before the marker carried a format). Null when it is
 * neither: not a marker this server can read.
 */
export function parseEpochMarker(value: string): EpochMarker | null {
  const match = /^(\d+)(?::v(\d+))?$/.exec(value);
  if (!match) return null;
  return { epoch: Number(match[1]), format: match[2] === undefined ? 1 : Number(match[2]) };
}
