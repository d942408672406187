-- AlterTable
ALTER TABLE "items" ADD COLUMN     "attack_speed_ticks" INTEGER,
ADD COLUMN     "heals" INTEGER;

-- AlterTable
ALTER TABLE "players" ADD COLUMN     "combat_style" TEXT NOT NULL DEFAULT 'accurate';

-- CHECK constraints, written by hand (see the init migration).
ALTER TABLE "players" ADD CONSTRAINT "players_combat_style_check" CHECK ("combat_style" IN ('accurate', 'aggressive', 'defensive'));
ALTER TABLE "items" ADD CONSTRAINT "items_attack_speed_ticks_check" CHECK ("attack_speed_ticks" > 0);
ALTER TABLE "items" ADD CONSTRAINT "items_heals_check" CHECK ("heals" > 0);
