-- AlterTable
ALTER TABLE "map_sync_state" ADD COLUMN     "ground_item_id_high_water" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "hot_state_epoch" (
    "key_prefix" TEXT NOT NULL,
    "epoch" BIGINT NOT NULL,

    CONSTRAINT "hot_state_epoch_pkey" PRIMARY KEY ("key_prefix")
);
