import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../generated/prisma/client.js";

/**
 * The Prisma client for the durable store, on the `pg` driver adapter (Prisma 7 has no built-in driver).
 * The caller owns it: `await prisma.$disconnect()` ends its connection pool.
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}
