-- CreateEnum
CREATE TYPE "player_role" AS ENUM ('player', 'moderator', 'admin');

-- CreateTable
CREATE TABLE "players" (
    "id" SERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "username_key" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "player_role" NOT NULL DEFAULT 'player',
    "banned" BOOLEAN NOT NULL DEFAULT false,
    "ban_reason" TEXT,
    "token_version" INTEGER NOT NULL DEFAULT 0,
    "map_id" TEXT NOT NULL,
    "x" INTEGER NOT NULL,
    "y" INTEGER NOT NULL,
    "current_hp" INTEGER NOT NULL,
    "position_version" BIGINT NOT NULL DEFAULT 0,
    "inventory_version" BIGINT NOT NULL DEFAULT 0,
    "equipment_version" BIGINT NOT NULL DEFAULT 0,
    "skills_version" BIGINT NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "players_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "items" (
    "id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "rarity" TEXT NOT NULL,
    "equip_slot" TEXT,
    "two_handed" BOOLEAN NOT NULL DEFAULT false,
    "max_stack" INTEGER NOT NULL,
    "required_skill" TEXT,
    "required_level" INTEGER NOT NULL DEFAULT 1,
    "value" INTEGER NOT NULL DEFAULT 0,
    "max_durability" INTEGER,
    "attack" INTEGER NOT NULL DEFAULT 0,
    "strength" INTEGER NOT NULL DEFAULT 0,
    "defence" INTEGER NOT NULL DEFAULT 0,
    "ranged" INTEGER NOT NULL DEFAULT 0,
    "magic" INTEGER NOT NULL DEFAULT 0,
    "health" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "player_inventory" (
    "player_id" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "item_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "durability" INTEGER,

    CONSTRAINT "player_inventory_pkey" PRIMARY KEY ("player_id","slot")
);

-- CreateTable
CREATE TABLE "player_equipment" (
    "player_id" INTEGER NOT NULL,
    "slot" TEXT NOT NULL,
    "item_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "durability" INTEGER,

    CONSTRAINT "player_equipment_pkey" PRIMARY KEY ("player_id","slot")
);

-- CreateTable
CREATE TABLE "player_skills" (
    "player_id" INTEGER NOT NULL,
    "skill" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "xp" INTEGER NOT NULL,

    CONSTRAINT "player_skills_pkey" PRIMARY KEY ("player_id","skill")
);

-- CreateTable
CREATE TABLE "ground_items" (
    "id" BIGINT NOT NULL,
    "item_id" INTEGER NOT NULL,
    "map_id" TEXT NOT NULL,
    "x" INTEGER NOT NULL,
    "y" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "durability" INTEGER,
    "dropped_by" INTEGER,
    "dropped_at" TIMESTAMPTZ(3) NOT NULL,
    "public_at" TIMESTAMPTZ(3) NOT NULL,
    "despawn_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ground_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "map_sync_state" (
    "map_id" TEXT NOT NULL,
    "ground_items_version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "map_sync_state_pkey" PRIMARY KEY ("map_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "players_username_key_key" ON "players"("username_key");

-- CreateIndex
CREATE UNIQUE INDEX "items_name_key" ON "items"("name");

-- CreateIndex
CREATE INDEX "ground_items_map_id_idx" ON "ground_items"("map_id");

-- AddForeignKey
ALTER TABLE "player_inventory" ADD CONSTRAINT "player_inventory_player_id_fkey" FOREIGN KEY ("player_id") REFERENCES "players"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "player_inventory" ADD CONSTRAINT "player_inventory_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "player_equipment" ADD CONSTRAINT "player_equipment_player_id_fkey" FOREIGN KEY ("player_id") REFERENCES "players"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "player_equipment" ADD CONSTRAINT "player_equipment_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "player_skills" ADD CONSTRAINT "player_skills_player_id_fkey" FOREIGN KEY ("player_id") REFERENCES "players"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ground_items" ADD CONSTRAINT "ground_items_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ground_items" ADD CONSTRAINT "ground_items_dropped_by_fkey" FOREIGN KEY ("dropped_by") REFERENCES "players"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CHECK constraints, written by hand: the Prisma schema cannot express them (the drift test's diff
-- does not compare them). A NULL durability passes its check (indestructible items).

-- AddCheckConstraint
ALTER TABLE "player_inventory" ADD CONSTRAINT "player_inventory_slot_check" CHECK ("slot" BETWEEN 0 AND 27);
ALTER TABLE "player_inventory" ADD CONSTRAINT "player_inventory_quantity_check" CHECK ("quantity" > 0);
ALTER TABLE "player_inventory" ADD CONSTRAINT "player_inventory_durability_check" CHECK ("durability" >= 0);

-- AddCheckConstraint
ALTER TABLE "player_equipment" ADD CONSTRAINT "player_equipment_slot_check" CHECK ("slot" IN ('head', 'cape', 'amulet', 'weapon', 'body', 'shield', 'legs', 'gloves', 'boots', 'ring', 'ammo'));
ALTER TABLE "player_equipment" ADD CONSTRAINT "player_equipment_quantity_check" CHECK ("quantity" > 0);
ALTER TABLE "player_equipment" ADD CONSTRAINT "player_equipment_durability_check" CHECK ("durability" >= 0);

-- AddCheckConstraint
ALTER TABLE "player_skills" ADD CONSTRAINT "player_skills_level_check" CHECK ("level" BETWEEN 1 AND 99);
ALTER TABLE "player_skills" ADD CONSTRAINT "player_skills_xp_check" CHECK ("xp" BETWEEN 0 AND 200000000);

-- AddCheckConstraint
ALTER TABLE "ground_items" ADD CONSTRAINT "ground_items_quantity_check" CHECK ("quantity" > 0);
ALTER TABLE "ground_items" ADD CONSTRAINT "ground_items_durability_check" CHECK ("durability" >= 0);
