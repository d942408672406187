import { randomUUID } from "node:crypto";
import type { Valkey } from "iovalkey";
import type { BankHotState } from "./BankHotState.js";
import { HotStateLostError } from "./errors.js";
import type { HotStateEpoch } from "./HotStateEpoch.js";
import { DIRTY_TYPES, keys, PLAYER_DIRTY_TYPES, type DirtyType } from "./keys.js";
import type { Scripts } from "./scripts.js";
import type { SyncSnapshot, SyncSnapshotReader } from "./SyncSnapshot.js";
import type { DirtyPlayers, SyncBatch, SyncWriter, WrittenRows } from "./SyncWriter.js";
import { SyncWriteRedo, type SyncWriteSession } from "./SyncWriteSession.js";

/** What one `syncAll` saved: ids saved per dirty set (drained, or unsaved at its moment), and rows written per table. */
export interface SyncCounts {
  position: number;
  inventory: number;
  equipment: number;
  skills: number;
  bank: number;
  ground_items: number;
  players: number;
  rows: WrittenRows;
}

/** A run's counts, and which of the players it was asked to save were loaded (and so written). */
export interface SyncOutcome {
  counts: SyncCounts;
  saved: ReadonlySet<number>;
}

export interface BatchSyncOptions {
  /** A run older than this is presumed dead and its drained ids are put back. */
  orphanAfterMs: number;
  now: () => number;
  /** Told which bank changes a run saved, so that they are not written again. */
  banks: Pick<BankHotState, "forgetSaved">;
  /**
   * A run that drained at least this many players writes them while it reads (`SyncWriteSession`); a
   * smaller one reads, then writes. Overlapping pays only when the read takes long, and it holds a
   * PostgreSQL connection and transaction open for the read.
   */
  overlapFromPlayers: number;
}

interface QueuedRun {
  players: Set<number>;
  outcome: Promise<SyncOutcome>;
}

/**
 * Every save to PostgreSQL is a sync run: the periodic batch sync, a leave, a map change, shutdown. A run
 * drains every dirty set atomically into inflight sets of its own, reads everything it drained as it was at
 * ONE moment (`SyncSnapshotReader`), together with everything unsaved at that moment (turned dirty since the
 * drain, or drained by another run not yet written), and writes it in ONE PostgreSQL transaction. So
 * PostgreSQL only ever moves from one consistent moment of the world to a later one: an item that moved
 * between a player and the ground, or between two players, is never saved in both places, whichever of them
 * is saved first, even when Valkey loses its data before the next run. (Saving one player alone cannot promise
 * that: the ground it dropped an item on also holds other players' changes.) A change that lands after that
 * moment marks its owner dirty again and is saved by the next run. A large run (`overlapFromPlayers`) opens
 * that transaction before it reads and writes its players as they arrive (`SyncWriteSession`); what commits
 * is still the one moment its check fixed.
 *
 * Runs in one process go one at a time; a save asked for while a run is going joins the next run, which
 * starts when the current one ends, so many leaves share one run. On a database error the ids go back to
 * the dirty sets; if the process dies mid-run, the next run (in any process) puts back the ids of runs
 * older than `orphanAfterMs`.
 */
export class BatchSync {
  private current: Promise<SyncOutcome> | null = null;
  private queued: QueuedRun | null = null;

  constructor(
    private readonly valkey: Valkey,
    private readonly scripts: Scripts,
    private readonly epoch: HotStateEpoch,
    private readonly reader: SyncSnapshotReader,
    private readonly writer: SyncWriter,
    private readonly options: BatchSyncOptions,
  ) {}

  /**
   * A run that starts after this call: everything dirty, plus `players` whatever their dirty marks.
   * Resolves once it is written; rejects (its ids dirty again) when the write failed.
   */
  sync(players: Iterable<number> = []): Promise<SyncOutcome> {
    let run = this.queued;
    if (!run) {
      const previous = this.current;
      const ids = new Set<number>();
      const outcome = (async () => {
        await previous?.catch(() => undefined);
        if (this.queued?.players === ids) this.queued = null;
        const running = this.runOnce([...ids]);
        this.current = running;
        try {
          return await running;
        } finally {
          if (this.current === running) this.current = null;
        }
      })();
      run = this.queued = { players: ids, outcome };
    }
    for (const id of players) run.players.add(id);
    return run.outcome;
  }

  /** Puts back the ids of runs that started more than `olderThanMs` ago. Returns how many runs. */
  async restoreOrphanedRuns(olderThanMs = this.options.orphanAfterMs): Promise<number> {
    const cutoff = this.options.now() - olderThanMs;
    const tokens = await this.valkey.zrangebyscore(keys.inflightRuns(), "-inf", cutoff);
    for (const token of tokens) await this.finish(token, "restore");
    return tokens.length;
  }

  private async runOnce(forced: number[]): Promise<SyncOutcome> {
    await this.epoch.check();
    await this.restoreOrphanedRuns();
    const token = randomUUID();
    const drained = await this.drain(token, forced);
    try {
      const session = unionPlayerIds(drained).length >= this.options.overlapFromPlayers ? this.writer.begin(this.epoch.current, playerSets(drained)) : null;
      const snapshot = await this.readSnapshot(token, drained, session);
      const ids = (type: DirtyType) => new Set([...snapshot.dirty[type]].map(Number));
      const batch: SyncBatch = {
        players: snapshot.players,
        maps: snapshot.maps,
        banks: snapshot.banks,
        epoch: snapshot.epoch,
        only: { position: ids("position"), inventory: ids("inventory"), equipment: ids("equipment"), skills: ids("skills") },
        positionOnly: snapshot.positionOnly,
      };
      const rows = session ? await this.finishOverlapped(session, batch) : await this.writer.write(batch);
      await this.options.banks.forgetSaved(snapshot.banks);
      await this.finish(token, "done");
      const loaded = new Set(snapshot.players.map((p) => p.playerId));
      const count = (type: DirtyType) => snapshot.dirty[type].size;
      return {
        counts: {
          position: count("position"),
          inventory: count("inventory"),
          equipment: count("equipment"),
          skills: count("skills"),
          bank: count("bank"),
          ground_items: count("ground_items"),
          players: unionPlayerIds(snapshot.dirty).length,
          rows,
        },
        saved: new Set(forced.filter((id) => loaded.has(id))),
      };
    } catch (err) {
      // If Valkey is down too, the inflight sets stay and a later run restores them as orphans.
      await this.finish(token, "restore").catch(() => undefined);
      throw err;
    }
  }

  /** Reads the run's snapshot, handing its first read to `session` as it arrives; aborts `session` if the read fails. */
  private async readSnapshot(token: string, drained: Record<DirtyType, string[]>, session: SyncWriteSession | null): Promise<SyncSnapshot & { epoch: number }> {
    try {
      await session?.ready;
      const snapshot = await this.reader.read({ token, drained }, session ? (players) => session.early(players) : undefined);
      const epoch = this.epoch.current;
      if (snapshot.epoch !== epoch) throw new HotStateLostError(`Valkey lost its data while a sync read it (epoch ${epoch} -> ${snapshot.epoch})`);
      return { ...snapshot, epoch };
    } catch (err) {
      await session?.abort(err);
      throw err;
    }
  }

  /** Finishes an overlapped write; one that cannot finish safely is rolled back and the batch written afresh. */
  private async finishOverlapped(session: SyncWriteSession, batch: SyncBatch): Promise<WrittenRows> {
    try {
      return await session.finish(batch);
    } catch (err) {
      if (!(err instanceof SyncWriteRedo)) throw err;
      return this.writer.write(batch);
    }
  }

  private async drain(token: string, forced: readonly number[]): Promise<Record<DirtyType, string[]>> {
    const reply = (await this.scripts.run("drainDirty", this.runKeys(token), [
      token,
      this.options.now(),
      DIRTY_TYPES.length,
      PLAYER_DIRTY_TYPES.length,
      ...forced,
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
}

/** The player ids drained in each category the writer writes. */
function playerSets(drained: Record<DirtyType, readonly string[]>): DirtyPlayers {
  const set = (type: DirtyType) => new Set(drained[type].map(Number));
  return { position: set("position"), inventory: set("inventory"), equipment: set("equipment"), skills: set("skills") };
}

function unionPlayerIds(drained: Record<DirtyType, Iterable<string>>): number[] {
  const ids = new Set<number>();
  for (const type of PLAYER_DIRTY_TYPES) {
    for (const id of drained[type]) ids.add(Number(id));
  }
  return [...ids];
}
