import type { PrismaClient } from "../../src/generated/prisma/client.js";
import type { GameStateManager } from "../../src/state/GameStateManager.js";
import type { PlayerSnapshot } from "../../src/state/PlayerSnapshot.js";
import type { BenchAccount } from "./benchDb.js";

/**
 * The naive path: for each player, a transaction of one-row Prisma calls (update the player, upsert every
 * inventory, equipment and skill row, delete emptied slots). Sequential, bounded by `budgetS`.
 */
export async function naiveSync(gsm: GameStateManager, prisma: PrismaClient, accounts: readonly BenchAccount[], budgetS: number) {
  const started = performance.now();
  let players = 0;
  let rows = 0;
  for (const account of accounts) {
    if ((performance.now() - started) / 1000 > budgetS) break;
    const s: PlayerSnapshot | null = await gsm.readPlayer(account.id);
    if (!s) throw new Error(`player ${account.id} is not loaded`);
    rows += await prisma.$transaction(async (tx) => {
      let n = 0;
      await tx.player.update({ where: { id: s.playerId }, data: { mapId: s.position.mapId, x: s.position.x, y: s.position.y, currentHp: s.hp.currentHp } });
      n++;
      for (const [slot, st] of s.inventory) {
        const data = { itemId: st.itemId, quantity: st.quantity, durability: st.durability };
        await tx.playerInventorySlot.upsert({ where: { playerId_slot: { playerId: s.playerId, slot } }, create: { playerId: s.playerId, slot, ...data }, update: data });
        n++;
      }
      await tx.playerInventorySlot.deleteMany({ where: { playerId: s.playerId, slot: { notIn: [...s.inventory.keys()] } } });
      for (const [slot, st] of s.equipment) {
        const data = { itemId: st.itemId, quantity: st.quantity, durability: st.durability };
        await tx.playerEquipmentSlot.upsert({ where: { playerId_slot: { playerId: s.playerId, slot } }, create: { playerId: s.playerId, slot, ...data }, update: data });
        n++;
      }
      await tx.playerEquipmentSlot.deleteMany({ where: { playerId: s.playerId, slot: { notIn: [...s.equipment.keys()] } } });
      for (const [skill, st] of s.skills) {
        await tx.playerSkill.upsert({ where: { playerId_skill: { playerId: s.playerId, skill } }, create: { playerId: s.playerId, skill, level: st.level, xp: st.xp }, update: { level: st.level, xp: st.xp } });
        n++;
      }
      return n;
    }, { timeout: 30_000, maxWait: 30_000 });
    players++;
  }
  return { players, rows, seconds: (performance.now() - started) / 1000 };
}
