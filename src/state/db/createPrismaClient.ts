import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../../generated/prisma/client.js";

/** Where a client from `createPrismaClient` keeps its pool (a property: wrappers of the client pass it on). */
const POOL = Symbol("pg pool");

/**
 * The Prisma client for the durable store, on the `pg` driver adapter (Prisma 7 has no built-in driver)
 * over a `pg` pool that `plainSql` hands out too. The caller owns it: `await prisma.$disconnect()` ends
 * the pool.
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  const pool = new pg.Pool({ connectionString: databaseUrl });
  // An idle connection that PostgreSQL drops is replaced by the next query; its error is not a crash.
  pool.on("error", () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  Object.defineProperty(prisma, POOL, { value: pool });
  return prisma;
}

/**
 * The `pg` pool under a client from `createPrismaClient` (the same connections), for the few queries of the
 * join path: plain SQL with named prepared statements, without Prisma's per-query handling (about a third
 * of the CPU of a `$queryRaw` on the bench machine).
 */
export function plainSql(prisma: PrismaClient): pg.Pool {
  const pool = (prisma as unknown as { [POOL]?: pg.Pool })[POOL];
  if (!pool) throw new Error("plainSql: this Prisma client was not made by createPrismaClient");
  return pool;
}
