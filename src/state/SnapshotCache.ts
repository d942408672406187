import type { PlayerSnapshot } from "./PlayerSnapshot.js";
import type { StateTransaction } from "./StateTransaction.js";

/**
 * The last known snapshots of this process's online players, kept up to date by this process's own
 * commits (a committed transaction guarded on the cached version yields the next snapshot without a
 * read). It can lag behind other processes' changes; every commit's version guard catches that, and a
 * refused or failed commit drops the players it touched.
 */
export class SnapshotCache {
  private readonly snapshots = new Map<number, PlayerSnapshot>();

  get(playerId: number): PlayerSnapshot | undefined {
    return this.snapshots.get(playerId);
  }

  /** Keeps `snapshot` unless a newer one (a higher version: versions only grow) is already cached. */
  set(playerId: number, snapshot: PlayerSnapshot | null): void {
    if (!snapshot) {
      this.snapshots.delete(playerId);
      return;
    }
    const cached = this.snapshots.get(playerId);
    if (!cached || cached.version <= snapshot.version) this.snapshots.set(playerId, snapshot);
  }

  forget(playerId: number): void {
    this.snapshots.delete(playerId);
  }

  clear(): void {
    this.snapshots.clear();
  }

  /** After a commit: applied (`ok`) transactions advance the cached players, anything else drops them. */
  afterCommit(tx: StateTransaction, ok: boolean): void {
    for (const playerId of tx.playerIds()) {
      const cached = this.snapshots.get(playerId);
      const next = ok && cached ? tx.applyTo(cached) : null;
      if (next) this.snapshots.set(playerId, next);
      else this.snapshots.delete(playerId);
    }
  }
}
