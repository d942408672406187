import { PlayerNotLoadedError } from "./errors.js";
import type { PlayerHotState } from "./PlayerHotState.js";
import type { PlayerRepository } from "./PlayerRepository.js";
import { StateTransaction, type CommitResult } from "./StateTransaction.js";
import type { Equipment, EquipmentSlot, Hp, Inventory, ItemStack, PlayerState, SkillName, Skills, SkillState } from "./types.js";

/**
 * One field of a player's state read or written on its own (`gsm.fields`): for admin tools, scripts and
 * tests. Each write is its own commit, unguarded by any version, and throws `PlayerNotLoadedError` for a
 * player who is not loaded; gameplay composes a guarded `StateTransaction` instead. Reads answer from the
 * hot state, or from PostgreSQL for a player who is not loaded.
 */
export class PlayerFields {
  constructor(
    private readonly players: PlayerHotState,
    private readonly accounts: PlayerRepository,
    private readonly commit: (tx: StateTransaction) => Promise<CommitResult>,
  ) {}

  async setPlayerPosition(playerId: number, x: number, y: number, mapId: string): Promise<void> {
    await this.commitOrThrow(playerId, new StateTransaction().setPosition(playerId, { mapId, x, y }));
  }

  async getPlayerHp(playerId: number): Promise<Hp | null> {
    return (await this.players.read(playerId))?.hp ?? null;
  }

  async setPlayerHp(playerId: number, currentHp: number, maxHp?: number): Promise<void> {
    await this.commitOrThrow(playerId, new StateTransaction().setHp(playerId, { currentHp, maxHp }));
  }

  async getInventory(playerId: number): Promise<Inventory> {
    return (await this.stateOf(playerId))?.inventory ?? new Map();
  }

  async getInventorySlot(playerId: number, slot: number): Promise<ItemStack | null> {
    return (await this.getInventory(playerId)).get(slot) ?? null;
  }

  async setInventorySlot(playerId: number, slot: number, itemId: number, quantity: number, durability: number | null): Promise<void> {
    await this.commitOrThrow(playerId, new StateTransaction().setInventorySlot(playerId, slot, { itemId, quantity, durability }));
  }

  async deleteInventorySlot(playerId: number, slot: number): Promise<void> {
    await this.commitOrThrow(playerId, new StateTransaction().deleteInventorySlot(playerId, slot));
  }

  /** The lowest empty slot below `maxSlots`, or null when the inventory is full. */
  async getFreeInventorySlot(playerId: number, maxSlots = 28): Promise<number | null> {
    const inventory = await this.getInventory(playerId);
    for (let slot = 0; slot < maxSlots; slot++) if (!inventory.has(slot)) return slot;
    return null;
  }

  /** Number of occupied slots. */
  async getInventoryCount(playerId: number): Promise<number> {
    return (await this.getInventory(playerId)).size;
  }

  async clearInventory(playerId: number): Promise<void> {
    await this.commitOrThrow(playerId, new StateTransaction().clearInventory(playerId));
  }

  async getEquipment(playerId: number): Promise<Equipment> {
    return (await this.stateOf(playerId))?.equipment ?? new Map();
  }

  async getEquipmentSlot(playerId: number, slot: EquipmentSlot): Promise<ItemStack | null> {
    return (await this.getEquipment(playerId)).get(slot) ?? null;
  }

  async setEquipmentSlot(playerId: number, slot: EquipmentSlot, itemId: number, quantity: number, durability: number | null): Promise<void> {
    await this.commitOrThrow(playerId, new StateTransaction().setEquipmentSlot(playerId, slot, { itemId, quantity, durability }));
  }

  async deleteEquipmentSlot(playerId: number, slot: EquipmentSlot): Promise<void> {
    await this.commitOrThrow(playerId, new StateTransaction().deleteEquipmentSlot(playerId, slot));
  }

  async clearEquipment(playerId: number): Promise<void> {
    await this.commitOrThrow(playerId, new StateTransaction().clearEquipment(playerId));
  }

  async getSkill(playerId: number, skill: SkillName): Promise<SkillState | null> {
    return (await this.getAllSkills(playerId)).get(skill) ?? null;
  }

  async getAllSkills(playerId: number): Promise<Skills> {
    return (await this.stateOf(playerId))?.skills ?? new Map();
  }

  async setSkill(playerId: number, skill: SkillName, level: number, xp: number): Promise<void> {
    await this.commitOrThrow(playerId, new StateTransaction().setSkill(playerId, skill, { level, xp }));
  }

  private async stateOf(playerId: number): Promise<Pick<PlayerState, "inventory" | "equipment" | "skills"> | null> {
    return (await this.players.read(playerId)) ?? (await this.accounts.loadState(playerId))?.state ?? null;
  }

  private async commitOrThrow(playerId: number, tx: StateTransaction): Promise<void> {
    const result = await this.commit(tx);
    if (!result.ok) throw new PlayerNotLoadedError(playerId);
  }
}
