import type { PrismaClient } from "../generated/prisma/client.js";
import type { BankChanges } from "./BankHotState.js";
import type { HotStateEpoch } from "./HotStateEpoch.js";
import type { PlayerSnapshot } from "./PlayerSnapshot.js";
import { emptyWrittenRows } from "./syncStatements.js";
import { SyncWriteSession } from "./SyncWriteSession.js";
import type { GroundItem } from "./types.js";

/** Rows written by one save, by table. */
export interface WrittenRows {
  players: number;
  inventory: number;
  equipment: number;
  skills: number;
  /** Bank slots written (changed or emptied ones only). */
  bank: number;
  groundItems: number;
}

export interface MapGroundItems {
  mapId: string;
  version: number;
  items: GroundItem[];
}

/** Player ids dirty in each category, as drained from the dirty sets. */
export interface DirtyPlayers {
  position: ReadonlySet<number>;
  inventory: ReadonlySet<number>;
  equipment: ReadonlySet<number>;
  skills: ReadonlySet<number>;
}

/** What one save writes: one consistent snapshot of players and maps, read from Valkey in epoch `epoch`. */
export interface SyncBatch {
  players: readonly PlayerSnapshot[];
  maps: readonly MapGroundItems[];
  /** The changed slots of the banks to save, read at the same moment as the players. */
  banks?: readonly BankChanges[];
  /** The Valkey epoch the snapshot was read in; the write is refused if Valkey has lost that data since. */
  epoch: number;
  /** When given, each table is written only for the players dirty in its category. */
  only?: DirtyPlayers;
  /**
   * Players read from their player hash alone (their inventory, equipment and skills read as empty): only
   * their position may be written. A batch that asks for more of them is refused whole (it would save their
   * items as gone).
   */
  positionOnly?: ReadonlySet<number>;
}

/**
 * Bulk writes of hot state to PostgreSQL: one statement per table per chunk of players (unnest arrays,
 * ON CONFLICT, deletes for emptied slots), all in ONE transaction, so that a snapshot is saved whole or not
 * at all (an item moved between a player and the ground is never saved on one side only).
 *
 * Fencing: every player carries the version of the snapshot, and each table's write applies only to the
 * players whose stored version for that table is older (`*_version < v`); ground items likewise per map.
 * So two saves racing (two processes, or a batch sync and a leave) can never put an older state over a
 * newer one, whatever order they commit in. The player rows are locked in id order before they are
 * written, which serialises concurrent saves of the same player. The whole write is also fenced by the
 * Valkey epoch (`HotStateEpoch.fence`): nothing read from data Valkey has lost since is written.
 */
export class SyncWriter {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly epoch: HotStateEpoch,
    private readonly options: { timeoutMs: number; chunkSize: number },
  ) {}

  /**
   * Writes the batch in one transaction. With `only`, each table is written for the players dirty in its
   * category alone (a player who only moved costs one row); the per-table versions keep that correct, since
   * each table's copy is fenced on its own. Each player's row is updated once (`acceptVersions`: its
   * position and every version it moves), then the inventory, equipment and skill rows of the players whose
   * version was accepted for that table.
   */
  async write(batch: SyncBatch): Promise<WrittenRows> {
    if (batch.players.length === 0 && batch.maps.length === 0 && (batch.banks ?? []).length === 0) return emptyWrittenRows();
    return this.begin(batch.epoch, null).finish(batch);
  }

  /**
   * Opens the transaction of a run that writes while it reads (see `SyncWriteSession`): it is fenced on
   * `epoch` at once, takes the players of the run's first read as they arrive (`early`, written in the
   * categories of `drained`), and commits at `finish`.
   */
  begin(epoch: number, drained: DirtyPlayers | null): SyncWriteSession {
    return new SyncWriteSession(this.prisma, this.epoch, this.options, epoch, drained);
  }
}
