import type { Valkey } from "iovalkey";
import type { PlayerRepository } from "./PlayerRepository.js";
import { decodeInventory, decodeStack } from "./codec.js";
import { keys, playerStateKeys } from "./keys.js";
import { decodePlayerSnapshot, type PlayerSnapshot } from "./PlayerSnapshot.js";
import type { Scripts } from "./scripts.js";
import type { Bank, ItemStack } from "./types.js";

/** A player's snapshot and bank as they were at one moment: a commit guarded by `player.version` covers both. */
export interface BankRead {
  player: PlayerSnapshot;
  bank: Bank;
}

/** What a sync saves of one bank: the slots changed since the last save, as they were at `version`. */
export interface BankChanges {
  playerId: number;
  version: number;
  /** Each changed slot with its stack, or null when it was emptied. */
  changes: Array<{ slot: number; stack: ItemStack | null }>;
}

/**
 * The banks of loaded players in Valkey (`bank:{id}`, loaded and unloaded with the player by PlayerHotState).
 * A bank is part of its player's state: every change bumps the player's version and marks it dirty in the
 * `bank` category (StateTransaction), and each changed slot is recorded in `bank_changes:{id}` scored by the
 * version of its change. A sync reads only those slots (`readChanges`), writes them fenced by the version
 * like the inventory, then forgets the changes at or below the version it saved (`forgetSaved`): a change
 * made meanwhile has a higher version and stays for the next sync. So PostgreSQL's bank plus the recorded
 * changes is always Valkey's bank, and a sync of a 400-slot bank writes only what changed.
 */
export class BankHotState {
  constructor(
    private readonly valkey: Valkey,
    private readonly scripts: Scripts,
    private readonly accounts: PlayerRepository,
  ) {}

  /** One round trip (MULTI): the player's snapshot and bank at one version; null when not loaded. */
  async read(playerId: number): Promise<BankRead | null> {
    const [p, i, e, s] = playerStateKeys(playerId);
    const replies = await this.valkey.multi().hgetall(p).hgetall(i).hgetall(e).hgetall(s).hgetall(keys.bank(playerId)).exec();
    if (!replies) return null;
    const [player, inventory, equipment, skills, bank] = replies.map(([err, value]) => {
      if (err) throw err;
      return value as Record<string, string>;
    });
    const snapshot = decodePlayerSnapshot(playerId, player!, inventory!, equipment!, skills!);
    return snapshot ? { player: snapshot, bank: decodeInventory(bank!) } : null;
  }

  /**
   * The player's bank: from Valkey when loaded (one round trip), otherwise the saved one from PostgreSQL
   * (read-only). Null for an unknown player.
   */
  async get(playerId: number): Promise<Bank | null> {
    const replies = await this.valkey.multi().exists(keys.player(playerId)).hgetall(keys.bank(playerId)).exec();
    const [loaded, bank] = (replies ?? []).map(([err, value]) => {
      if (err) throw err;
      return value;
    });
    if (loaded === 1) return decodeInventory(bank as Record<string, string>);
    return (await this.accounts.loadState(playerId))?.bank ?? null;
  }

  /** For a sync: each player's version and changed slots, each read atomically; null for a player not loaded. */
  async readChanges(playerIds: readonly number[]): Promise<(BankChanges | null)[]> {
    return Promise.all(playerIds.map(async (playerId) => {
      const reply = (await this.scripts.run("bankChanges", bankSyncKeys(playerId), [])) as [string | null, (string | null)[]];
      return decodeBankChanges(playerId, reply[0], reply[1]);
    }));
  }

  /** After a save: drops the recorded changes at or below each saved version (PostgreSQL holds them now). */
  async forgetSaved(banks: readonly Pick<BankChanges, "playerId" | "version">[]): Promise<void> {
    if (banks.length === 0) return;
    const multi = this.valkey.multi();
    for (const { playerId, version } of banks) multi.zremrangebyscore(keys.bankChanges(playerId), "-inf", version);
    await multi.exec();
  }
}

/** The keys a sync reads a bank through, in the order bankChanges.lua and snapshotForSync.lua take them. */
export function bankSyncKeys(playerId: number): [string, string, string] {
  return [keys.player(playerId), keys.bank(playerId), keys.bankChanges(playerId)];
}

/** Decodes a script's reply for one bank ({version or null, [slot, stack or null, ...]}); null when not loaded. */
export function decodeBankChanges(playerId: number, version: string | null, flat: readonly (string | null)[]): BankChanges | null {
  if (version === null) return null;
  const changes: BankChanges["changes"] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const raw = flat[i + 1];
    changes.push({ slot: Number(flat[i]), stack: raw ? decodeStack(raw) : null });
  }
  return { playerId, version: Number(version), changes };
}
