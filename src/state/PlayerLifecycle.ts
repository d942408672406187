import type { PlayerHotState } from "./PlayerHotState.js";
import type { PlayerRepository } from "./PlayerRepository.js";
import type { SnapshotCache } from "./SnapshotCache.js";
import type { SyncWriter } from "./SyncWriter.js";
import type { PlayerState } from "./types.js";

export interface LoadOptions {
  /** Max HP is derived (a rule), not stored: the caller supplies it for state coming from PostgreSQL. */
  maxHp?: (state: Omit<PlayerState, "hp">) => number;
}

/**
 * Loading a player into Valkey, saving it to PostgreSQL and unloading it, for the GameStateManager (whose
 * methods document the guarantees). Keeps this process's registry (`localOnline`) and snapshot cache in step.
 */
export class PlayerLifecycle {
  constructor(
    private readonly players: PlayerHotState,
    private readonly accounts: PlayerRepository,
    private readonly writer: SyncWriter,
    private readonly localOnline: Map<number, string>,
    private readonly snapshots: SnapshotCache,
  ) {}

  async load(playerId: number, username: string, options: LoadOptions): Promise<boolean> {
    this.snapshots.forget(playerId);
    if (await this.players.read(playerId)) {
      await this.players.register(playerId, username);
      this.localOnline.set(playerId, username);
      return true;
    }
    const saved = await this.accounts.loadState(playerId);
    if (!saved) return false;
    const { currentHp, ...rest } = saved.state;
    const maxHp = options.maxHp?.(rest) ?? Math.max(currentHp, 1);
    await this.players.load({ ...rest, username, hp: { currentHp: Math.min(currentHp, maxHp), maxHp } }, saved.version);
    this.localOnline.set(playerId, username);
    return true;
  }

  async save(playerId: number, fence?: number): Promise<boolean> {
    const snapshot = await this.players.readForSave(playerId, fence);
    if (snapshot === null || snapshot === "stale") return false;
    try {
      await this.writer.write([snapshot], []);
    } catch (err) {
      await this.players.markDirty(playerId);
      throw err;
    }
    return true;
  }

  async endSession(playerId: number, sessionId: string, fence: number | undefined, attempts: number): Promise<"unloaded" | "taken-over" | "busy"> {
    for (let i = 0; i < attempts; i++) {
      await this.save(playerId, fence);
      const outcome = await this.unload(playerId, sessionId);
      if (outcome === "cleaned") return "unloaded";
      if (outcome === "taken") {
        this.forgetLocally(playerId);
        return "taken-over";
      }
    }
    return "busy";
  }

  async unload(playerId: number, sessionId: string): Promise<"cleaned" | "dirty" | "taken"> {
    this.snapshots.forget(playerId);
    const outcome = await this.players.cleanup(playerId, sessionId);
    if (outcome === "cleaned") this.localOnline.delete(playerId);
    return outcome;
  }

  forgetLocally(playerId: number): void {
    this.localOnline.delete(playerId);
    this.snapshots.forget(playerId);
  }
}
