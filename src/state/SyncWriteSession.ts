import type { PrismaClient } from "../generated/prisma/client.js";
import { writeBankChanges } from "./BankSyncWriter.js";
import type { HotStateEpoch } from "./HotStateEpoch.js";
import type { PlayerSnapshot } from "./PlayerSnapshot.js";
import {
  CATEGORIES, chunksOf, emptyWrittenRows, lockMapsInOrder, lockPlayersInOrder, SLOT_CATEGORIES, tryLockPlayers, writeGroundItems, writePlayerRows,
  type Category, type Tx,
} from "./syncStatements.js";
import type { DirtyPlayers, SyncBatch, WrittenRows } from "./SyncWriter.js";

/**
 * Raised inside a session's transaction when its overlapped writes cannot be finished safely (a lock it
 * would have to wait for out of id order, or a player written early who is missing from the final batch).
 * The transaction is rolled back; the caller writes the batch again with `SyncWriter.write`.
 */
export class SyncWriteRedo extends Error {
  override readonly name = "SyncWriteRedo";
}

type Item = { kind: "early"; players: readonly PlayerSnapshot[] } | { kind: "finish"; batch: SyncBatch } | { kind: "abort"; error: unknown };

/** What a player's early write saved: the snapshot object, and its categories (`CATEGORIES` order). */
interface EarlyWrite {
  snapshot: PlayerSnapshot;
  categories: boolean[];
}

/**
 * ONE transaction of a sync run that writes while the run still reads (`SyncWriter.begin`): the players of
 * the run's first read are written as they arrive (`early`), in ascending id order, each in the categories
 * the run drained it in; `finish` then writes the run's final batch, which is what the run saves. A player
 * whose final snapshot or categories differ from what was written early (it changed before the run's
 * atomic check, or the check added a category) is written again in the same transaction: the versions
 * fence makes the later write win, and nothing commits until `finish`, so PostgreSQL still moves from one
 * moment of the world to the next in one step. The maps and banks are written at `finish` alone.
 *
 * Row locks: the early writes lock their players in ascending id order, as every run does. The players
 * `finish` adds (those the check added) may sort below one already held: those are locked without waiting
 * (`tryLockPlayers`), and if one is held elsewhere the session gives up (`SyncWriteRedo`) rather than risk a
 * cycle with another run; the others are locked in order, then the maps.
 *
 * The transaction starts when the session is made and works through what it is given in turn; `abort`
 * rolls it back.
 */
export class SyncWriteSession {
  private readonly items: Item[] = [];
  private wake: (() => void) | null = null;
  private readonly written = new Map<number, EarlyWrite>();
  private readonly locked = new Set<number>();
  private highestLocked = Number.NEGATIVE_INFINITY;
  private readonly rows = emptyWrittenRows();
  private readonly done: Promise<WrittenRows>;
  /**
   * Resolves once the transaction is open and fenced (rejects if it could not be). A caller that reads while
   * it writes waits for it first: the read keeps this process busy, and the transaction's own start would
   * wait behind it.
   */
  readonly ready: Promise<void>;
  private opened!: () => void;

  /**
   * @param epoch the Valkey epoch the run reads in: the transaction is fenced on it at once, and a final
   *   batch of another epoch is refused.
   * @param drained the categories each player was drained in (the early writes' categories); null: no early
   *   writes (`SyncWriter.write`).
   */
  constructor(
    prisma: PrismaClient,
    private readonly hotState: HotStateEpoch,
    private readonly options: { timeoutMs: number; chunkSize: number },
    private readonly epoch: number,
    private readonly drained: DirtyPlayers | null,
  ) {
    let failed!: (err: unknown) => void;
    this.ready = new Promise<void>((resolve, reject) => ((this.opened = resolve), (failed = reject)));
    this.done = prisma.$transaction((tx) => this.run(tx), { timeout: options.timeoutMs, maxWait: options.timeoutMs });
    // Whoever finishes or aborts the session sees the outcome; until then a failure is not unhandled.
    this.done.catch(failed);
    this.ready.catch(() => undefined);
  }

  /** Players of the run's first read, in ascending id order, written in the categories they were drained in. */
  early(players: readonly PlayerSnapshot[]): void {
    if (this.drained && players.length > 0) this.push({ kind: "early", players });
  }

  /** Writes the final batch and commits; resolves with the rows written (a row written twice counts twice). */
  finish(batch: SyncBatch): Promise<WrittenRows> {
    this.push({ kind: "finish", batch });
    return this.done;
  }

  /** Rolls the transaction back (the run failed); resolves once it has. */
  async abort(error: unknown): Promise<void> {
    this.push({ kind: "abort", error });
    await this.done.catch(() => undefined);
  }

  private push(item: Item): void {
    this.items.push(item);
    this.wake?.();
  }

  private async next(): Promise<Item> {
    while (this.items.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    return this.items.shift()!;
  }

  private async run(tx: Tx): Promise<WrittenRows> {
    await this.hotState.fence(tx, this.epoch);
    this.opened();
    for (;;) {
      const item = await this.next();
      if (item.kind === "abort") throw item.error;
      if (item.kind === "finish") {
        await this.writeFinal(tx, item.batch);
        return this.rows;
      }
      // What arrived while the write before ran is written together, up to a statement's worth.
      const players = [...item.players];
      while (this.items[0]?.kind === "early" && players.length < this.options.chunkSize) {
        players.push(...(this.items.shift() as { players: readonly PlayerSnapshot[] }).players);
      }
      await this.writeEarly(tx, players);
    }
  }

  private async writeEarly(tx: Tx, players: readonly PlayerSnapshot[]): Promise<void> {
    const drained = this.drained!;
    const early = players.map((p) => ({ snapshot: p, categories: CATEGORIES.map((c) => drained[c].has(p.playerId)) }))
      .filter((e) => e.categories.some(Boolean));
    if (early.length === 0) return;
    await this.lock(tx, early.map((e) => e.snapshot.playerId));
    await writePlayerRows(tx, early.map((e) => e.snapshot), (c, id) => drained[c].has(id), this.options.chunkSize, this.rows);
    for (const e of early) this.written.set(e.snapshot.playerId, e);
  }

  private async writeFinal(tx: Tx, batch: SyncBatch): Promise<void> {
    const { players, only } = batch;
    if (batch.epoch !== this.epoch) throw new Error(`a sync read in Valkey epoch ${this.epoch} was given a batch of epoch ${batch.epoch}`);
    for (const id of batch.positionOnly ?? []) {
      if (!only || SLOT_CATEGORIES.some((c) => only[c].has(id))) throw new Error(`player ${id} was read position-only but is to be saved whole`);
    }
    const saves = (c: Category, id: number) => !only || only[c].has(id);
    const dirty = only ? players.filter((p) => CATEGORIES.some((c) => only[c].has(p.playerId))) : players;
    const finalIds = new Set(dirty.map((p) => p.playerId));
    for (const id of this.written.keys()) {
      if (!finalIds.has(id)) throw new SyncWriteRedo(`player ${id} was written early but is not in the final batch`);
    }
    const again = dirty.filter((p) => {
      const early = this.written.get(p.playerId);
      if (!early) return true;
      const categories = CATEGORIES.map((c) => saves(c, p.playerId));
      if (early.categories.some((was, i) => was && !categories[i])) {
        throw new SyncWriteRedo(`player ${p.playerId} was written early in a category the final batch does not save`);
      }
      return early.snapshot !== p || early.categories.some((was, i) => was !== categories[i]);
    });
    const banks = batch.banks ?? [];
    const maps = [...batch.maps].sort((a, b) => (a.mapId < b.mapId ? -1 : a.mapId > b.mapId ? 1 : 0));
    await this.lock(tx, [...again.map((p) => p.playerId), ...banks.map((b) => b.playerId)]);
    await lockMapsInOrder(tx, maps.map((m) => m.mapId));
    await writePlayerRows(tx, again, saves, this.options.chunkSize, this.rows);
    for (const chunk of chunksOf(banks, this.options.chunkSize)) this.rows.bank += await writeBankChanges(tx, chunk);
    if (maps.length > 0) this.rows.groundItems = await writeGroundItems(tx, maps);
  }

  /** Locks the players' rows this transaction does not hold yet: see the class comment for the order. */
  private async lock(tx: Tx, playerIds: readonly number[]): Promise<void> {
    const wanted = [...new Set(playerIds)].filter((id) => !this.locked.has(id));
    const below = wanted.filter((id) => id < this.highestLocked);
    const above = wanted.filter((id) => id > this.highestLocked).sort((a, b) => a - b);
    if (below.length > 0 && (await tryLockPlayers(tx, below)) < below.length) {
      throw new SyncWriteRedo(`${below.length} players to lock out of id order, and another transaction holds one of them`);
    }
    await lockPlayersInOrder(tx, above);
    for (const id of wanted) this.locked.add(id);
    if (above.length > 0) this.highestLocked = Math.max(this.highestLocked, above[above.length - 1]!);
  }
}
