-- AlterTable
ALTER TABLE "players" ADD COLUMN     "bank_version" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "player_bank" (
    "player_id" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "item_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "durability" INTEGER,

    CONSTRAINT "player_bank_pkey" PRIMARY KEY ("player_id","slot")
);

-- AddForeignKey
ALTER TABLE "player_bank" ADD CONSTRAINT "player_bank_player_id_fkey" FOREIGN KEY ("player_id") REFERENCES "players"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "player_bank" ADD CONSTRAINT "player_bank_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CHECK constraints, written by hand (see the init migration).
ALTER TABLE "player_bank" ADD CONSTRAINT "player_bank_slot_check" CHECK ("slot" >= 0);
ALTER TABLE "player_bank" ADD CONSTRAINT "player_bank_quantity_check" CHECK ("quantity" > 0);
ALTER TABLE "player_bank" ADD CONSTRAINT "player_bank_durability_check" CHECK ("durability" >= 0);
