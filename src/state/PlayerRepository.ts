import type pg from "pg";
import type { PrismaClient } from "../generated/prisma/client.js";
import { plainSql } from "./db/createPrismaClient.js";
import { isCombatStyle } from "../protocol/names.js";
import { isEquipmentSlot, isSkillName } from "./codec.js";
import type { Bank, Equipment, Inventory, PlayerState, Role, Skills } from "./types.js";

/** An account as stored in PostgreSQL (immediate writes: registration, password, deletion, bans). */
export interface Account {
  id: number;
  username: string;
  passwordHash: string;
  role: Role;
  banned: boolean;
  banReason: string | null;
  tokenVersion: number;
  mapId: string;
  x: number;
  y: number;
  currentHp: number;
}

export interface NewAccount {
  username: string;
  passwordHash: string;
  role: Role;
  mapId: string;
  x: number;
  y: number;
  currentHp: number;
  skills: Skills;
  /** The starting inventory (the starter kit), written with the account in one transaction. */
  inventory?: Inventory;
}

/** A saved stack as `loadState`'s query returns it: [slot, item id, quantity, durability]. */
type StackRow<Slot = number> = [Slot, number, number, number | null];

interface SavedStateRow {
  username: string;
  map_id: string;
  x: number;
  y: number;
  current_hp: number;
  combat_style: string;
  /** The highest of the row's save versions (BIGINT, as text). */
  version: string;
  inventory: StackRow[];
  equipment: StackRow<string>[];
  skills: [string, number, number][];
  bank: StackRow[];
}

interface AccountRow {
  id: number;
  username: string;
  password_hash: string;
  role: Role;
  banned: boolean;
  ban_reason: string | null;
  token_version: number;
  map_id: string;
  x: number;
  y: number;
  current_hp: number;
}

const SAVED_STATE_SQL = `
  SELECT p.username, p.map_id, p.x, p.y, p.current_hp, p.combat_style,
    GREATEST(p.position_version, p.inventory_version, p.equipment_version, p.skills_version, p.bank_version)::text AS version,
    (SELECT coalesce(json_agg(json_build_array(i.slot, i.item_id, i.quantity, i.durability)), '[]')
       FROM player_inventory i WHERE i.player_id = p.id) AS inventory,
    (SELECT coalesce(json_agg(json_build_array(e.slot, e.item_id, e.quantity, e.durability)), '[]')
       FROM player_equipment e WHERE e.player_id = p.id) AS equipment,
    (SELECT coalesce(json_agg(json_build_array(s.skill, s.level, s.xp)), '[]')
       FROM player_skills s WHERE s.player_id = p.id) AS skills,
    (SELECT coalesce(json_agg(json_build_array(b.slot, b.item_id, b.quantity, b.durability)), '[]')
       FROM player_bank b WHERE b.player_id = p.id) AS bank
  FROM players p WHERE p.id = $1`;

const ACCOUNT_SQL = `
  SELECT id, username, password_hash, role::text AS role, banned, ban_reason, token_version, map_id, x, y, current_hp
  FROM players WHERE id = $1`;

/** Durable player data: account rows and the saved copy of each player's state. */
export class PlayerRepository {
  /** The join path's queries: plain SQL on the Prisma client's own connections. */
  private readonly sql: pg.Pool;

  constructor(private readonly prisma: PrismaClient) {
    this.sql = plainSql(prisma);
  }

  /**
   * The saved state, the bank and the highest save version, or null for an unknown player. `maxHp` is not
   * stored. One plain SQL query, a prepared statement (the join path runs it: no Prisma on it).
   */
  async loadState(playerId: number): Promise<{ state: Omit<PlayerState, "hp"> & { currentHp: number }; bank: Bank; version: number } | null> {
    const { rows } = await this.sql.query<SavedStateRow>({ name: "player_saved_state", text: SAVED_STATE_SQL, values: [playerId] });
    const row = rows[0];
    if (!row) return null;
    const stackOf = ([, itemId, quantity, durability]: StackRow<unknown>) => ({ itemId, quantity, durability });
    const inventory: Inventory = new Map(row.inventory.map((r) => [r[0], stackOf(r)]));
    const equipment: Equipment = new Map();
    for (const r of row.equipment) if (isEquipmentSlot(r[0])) equipment.set(r[0], stackOf(r));
    const skills: Skills = new Map();
    for (const [skill, level, xp] of row.skills) if (isSkillName(skill)) skills.set(skill, { level, xp });
    const bank: Bank = new Map(row.bank.map((r) => [r[0], stackOf(r)]));
    return {
      state: {
        playerId,
        username: row.username,
        position: { mapId: row.map_id, x: row.x, y: row.y },
        currentHp: row.current_hp,
        inventory,
        equipment,
        skills,
        combatStyle: isCombatStyle(row.combat_style) ? row.combat_style : "accurate",
      },
      bank,
      version: Number(row.version),
    };
  }

  /** The account, or null; one plain SQL query, a prepared statement (every join reads it: no Prisma on it). */
  async findById(playerId: number): Promise<Account | null> {
    const { rows } = await this.sql.query<AccountRow>({ name: "account_by_id", text: ACCOUNT_SQL, values: [playerId] });
    const row = rows[0];
    return row
      ? {
          id: row.id, username: row.username, passwordHash: row.password_hash, role: row.role, banned: row.banned, banReason: row.ban_reason,
          tokenVersion: row.token_version, mapId: row.map_id, x: row.x, y: row.y, currentHp: row.current_hp,
        }
      : null;
  }

  async findByUsername(username: string): Promise<Account | null> {
    const row = await this.prisma.player.findUnique({ where: { usernameKey: username.toLowerCase() } });
    return row ? toAccount(row) : null;
  }

  /** Creates the account and its skills in one transaction; null when the username is taken. */
  async create(account: NewAccount): Promise<Account | null> {
    try {
      const row = await this.prisma.player.create({
        data: {
          username: account.username,
          usernameKey: account.username.toLowerCase(),
          passwordHash: account.passwordHash,
          role: account.role,
          mapId: account.mapId,
          x: account.x,
          y: account.y,
          currentHp: account.currentHp,
          skills: { create: [...account.skills].map(([skill, s]) => ({ skill, level: s.level, xp: s.xp })) },
          inventory: {
            create: [...(account.inventory ?? [])].map(([slot, s]) => ({
              slot, itemId: s.itemId, quantity: s.quantity, durability: s.durability,
            })),
          },
        },
      });
      return toAccount(row);
    } catch (err) {
      if ((err as { code?: string }).code === "P2002") return null;
      throw err;
    }
  }

  /** Sets a new hash and bumps the token version, revoking every older token. */
  async changePasswordHash(playerId: number, passwordHash: string): Promise<number> {
    const row = await this.prisma.player.update({
      where: { id: playerId },
      data: { passwordHash, tokenVersion: { increment: 1 } },
    });
    return row.tokenVersion;
  }

  /**
   * Replaces the hash with one of the same password (a rehash at a higher cost) without revoking tokens,
   * only while the stored hash is still `currentHash`: a password changed meanwhile is kept. True when written.
   */
  async replacePasswordHash(playerId: number, currentHash: string, passwordHash: string): Promise<boolean> {
    const { count } = await this.prisma.player.updateMany({ where: { id: playerId, passwordHash: currentHash }, data: { passwordHash } });
    return count === 1;
  }

  /** The role in PostgreSQL only: use `GameStateManager.setRole`, which also updates a loaded player. */
  async setRole(playerId: number, role: Role): Promise<void> {
    await this.prisma.player.update({ where: { id: playerId }, data: { role } });
  }

  /** Bans (or unbans) and revokes every token; returns the new token version. */
  async setBanned(playerId: number, banned: boolean, reason: string | null): Promise<number> {
    const row = await this.prisma.player.update({
      where: { id: playerId },
      data: { banned, banReason: banned ? reason : null, tokenVersion: { increment: 1 } },
    });
    return row.tokenVersion;
  }

  /** Sets (a Date) or lifts (null) the account's chat mute; false for an unknown player. */
  async setMutedUntil(playerId: number, until: Date | null): Promise<boolean> {
    const { count } = await this.prisma.player.updateMany({ where: { id: playerId }, data: { mutedUntil: until } });
    return count === 1;
  }

  /** Every mute that has not ended at `nowMs`. */
  async activeMutes(nowMs: number): Promise<{ playerId: number; untilMs: number }[]> {
    const rows = await this.prisma.player.findMany({
      where: { mutedUntil: { gt: new Date(nowMs) } },
      select: { id: true, mutedUntil: true },
    });
    return rows.map((r) => ({ playerId: r.id, untilMs: r.mutedUntil!.getTime() }));
  }

  /** Deletes the account; its rows cascade. Returns false when it did not exist. */
  async delete(playerId: number): Promise<boolean> {
    const { count } = await this.prisma.player.deleteMany({ where: { id: playerId } });
    return count === 1;
  }
}

function toAccount(row: {
  id: number;
  username: string;
  passwordHash: string;
  role: Role;
  banned: boolean;
  banReason: string | null;
  tokenVersion: number;
  mapId: string;
  x: number;
  y: number;
  currentHp: number;
}): Account {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.passwordHash,
    role: row.role,
    banned: row.banned,
    banReason: row.banReason,
    tokenVersion: row.tokenVersion,
    mapId: row.mapId,
    x: row.x,
    y: row.y,
    currentHp: row.currentHp,
  };
}
