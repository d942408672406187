import type { PrismaClient } from "../generated/prisma/client.js";
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

/** Durable player data: account rows and the saved copy of each player's state. */
export class PlayerRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * The saved state, the bank and the highest save version, or null for an unknown player. `maxHp` is not
   * stored.
   */
  async loadState(playerId: number): Promise<{ state: Omit<PlayerState, "hp"> & { currentHp: number }; bank: Bank; version: number } | null> {
    const [player, inventoryRows, equipmentRows, skillRows, bankRows] = await Promise.all([
      this.prisma.player.findUnique({ where: { id: playerId } }),
      this.prisma.playerInventorySlot.findMany({ where: { playerId } }),
      this.prisma.playerEquipmentSlot.findMany({ where: { playerId } }),
      this.prisma.playerSkill.findMany({ where: { playerId } }),
      this.prisma.playerBankSlot.findMany({ where: { playerId } }),
    ]);
    if (!player) return null;
    const inventory: Inventory = new Map(
      inventoryRows.map((r) => [r.slot, { itemId: r.itemId, quantity: r.quantity, durability: r.durability }]),
    );
    const equipment: Equipment = new Map();
    for (const r of equipmentRows) {
      if (isEquipmentSlot(r.slot)) equipment.set(r.slot, { itemId: r.itemId, quantity: r.quantity, durability: r.durability });
    }
    const skills: Skills = new Map();
    for (const r of skillRows) if (isSkillName(r.skill)) skills.set(r.skill, { level: r.level, xp: r.xp });
    const bank: Bank = new Map(bankRows.map((r) => [r.slot, { itemId: r.itemId, quantity: r.quantity, durability: r.durability }]));
    const versions = [player.positionVersion, player.inventoryVersion, player.equipmentVersion, player.skillsVersion, player.bankVersion];
    return {
      state: {
        playerId,
        username: player.username,
        position: { mapId: player.mapId, x: player.x, y: player.y },
        currentHp: player.currentHp,
        inventory,
        equipment,
        skills,
        combatStyle: isCombatStyle(player.combatStyle) ? player.combatStyle : "accurate",
      },
      bank,
      version: Number(versions.reduce((a, b) => (b > a ? b : a))),
    };
  }

  async findById(playerId: number): Promise<Account | null> {
    const row = await this.prisma.player.findUnique({ where: { id: playerId } });
    return row ? toAccount(row) : null;
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

  /** Bans (or unbans) and revokes every token. */
  async setBanned(playerId: number, banned: boolean, reason: string | null): Promise<void> {
    await this.prisma.player.update({
      where: { id: playerId },
      data: { banned, banReason: banned ? reason : null, tokenVersion: { increment: 1 } },
    });
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
