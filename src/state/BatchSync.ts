import { randomUUID } from "node:crypto";
import type { Valkey } from "iovalkey";
import type { GroundItemHotState } from "./GroundItemHotState.js";
import { DIRTY_TYPES, keys, type DirtyType } from "./keys.js";
import type { PlayerHotState } from "./PlayerHotState.js";
import type { Scripts } from "./scripts.js";
import { emptyWrittenRows, type MapGroundItems, type SyncWriter, type WrittenRows } from "./SyncWriter.js";

/** What one `syncAll` saved: ids drained per dirty set, and rows written per table. */
export interface SyncCounts {
  position: number;
  inventory: number;
  equipment: number;
  skills: number;
  ground_items: number;
  players: number;
  rows: WrittenRows;
}

export interface BatchSyncOptions {
  batchSize: number;
  /** A run older than this is presumed dead and its drained ids are put back. */
  orphanAfterMs: number;
  now: () => number;
}

/**
 * Periodic batch sync. A run first drains every dirty set atomically into inflight sets of its own
 * (so a change that lands during the run marks its owner dirty again and is saved by the next run),
 * then reads the current state and writes it in batches. On success the inflight sets are dropped;
 * on a database error the ids go back to the dirty sets; if the process dies mid-run, the next run
 * (in any process) puts back the ids of runs older than `orphanAfterMs`.
 */
export class BatchSync {
  constructor(
    private readonly valkey: Valkey,
    private readonly scripts: Scripts,
    private readonly players: PlayerHotState,
    private readonly groundItems: GroundItemHotState,
    private readonly writer: SyncWriter,
    private readonly options: BatchSyncOptions,
  ) {}

  async syncAll(): Promise<SyncCounts> {
    await this.restoreOrphanedRuns();
    const token = randomUUID();
    const drained = await this.drain(token);
    try {
      const rows = await this.writeDrained(drained);
      await this.finish(token, "done");
      return {
        position: drained.position.length,
        inventory: drained.inventory.length,
        equipment: drained.equipment.length,
        skills: drained.skills.length,
        ground_items: drained.ground_items.length,
        players: unionPlayerIds(drained).length,
        rows,
      };
    } catch (err) {
      // If Valkey is down too, the inflight sets stay and a later run restores them as orphans.
      await this.finish(token, "restore").catch(() => undefined);
      throw err;
    }
  }

  /** Puts back the ids of runs that started more than `olderThanMs` ago. Returns how many runs. */
  async restoreOrphanedRuns(olderThanMs = this.options.orphanAfterMs): Promise<number> {
    const cutoff = this.options.now() - olderThanMs;
    const tokens = await this.valkey.zrangebyscore(keys.inflightRuns(), "-inf", cutoff);
    for (const token of tokens) await this.finish(token, "restore");
    return tokens.length;
  }

  private async drain(token: string): Promise<Record<DirtyType, string[]>> {
    const reply = (await this.scripts.run("drainDirty", this.runKeys(token), [
      token,
      this.options.now(),
      DIRTY_TYPES.length,
    ])) as string[][];
    return Object.fromEntries(DIRTY_TYPES.map((t, i) => [t, reply[i] ?? []])) as Record<DirtyType, string[]>;
  }

  private async finish(token: string, how: "done" | "restore"): Promise<void> {
    await this.scripts.run("restoreInflight", this.runKeys(token), [token, DIRTY_TYPES.length, how]);
  }

  private runKeys(token: string): string[] {
    return [
      ...DIRTY_TYPES.map((t) => keys.dirty(t)),
      ...DIRTY_TYPES.map((t) => keys.inflight(token, t)),
      keys.inflightRuns(),
    ];
  }

  private async writeDrained(drained: Record<DirtyType, string[]>): Promise<WrittenRows> {
    const total = emptyWrittenRows();
    const add = (rows: WrittenRows) => {
      for (const k of Object.keys(total) as (keyof WrittenRows)[]) total[k] += rows[k];
    };
    const playerIds = unionPlayerIds(drained);
    const ids = (type: DirtyType) => new Set(drained[type].map(Number));
    const only = { position: ids("position"), inventory: ids("inventory"), equipment: ids("equipment"), skills: ids("skills") };
    for (let i = 0; i < playerIds.length; i += this.options.batchSize) {
      const snapshots = await this.players.readMany(playerIds.slice(i, i + this.options.batchSize));
      add(await this.writer.write(snapshots, [], only));
    }
    const maps: MapGroundItems[] = [];
    for (const mapId of drained.ground_items) maps.push({ mapId, ...(await this.groundItems.listMap(mapId)) });
    add(await this.writer.write([], maps));
    return total;
  }
}

function unionPlayerIds(drained: Record<DirtyType, string[]>): number[] {
  const ids = new Set<number>();
  for (const type of ["position", "inventory", "equipment", "skills"] as const) {
    for (const id of drained[type]) ids.add(Number(id));
  }
  return [...ids];
}
