-- AlterTable
ALTER TABLE "players" ADD COLUMN     "muted_until" TIMESTAMPTZ(3);
