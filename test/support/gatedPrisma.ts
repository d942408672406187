import type { PrismaClient } from "../../src/generated/prisma/client.js";

/**
 * The real Prisma client, except that each `$transaction` first waits at a gate the test opens: it lets
 * a test act at the exact moment a sync has read Valkey but not yet written PostgreSQL.
 */
export function gatedPrisma(prisma: PrismaClient): { prisma: PrismaClient; reached: Promise<void>; open: () => void } {
  let open!: () => void;
  let signalReached!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (signalReached = resolve));
  const proxy = new Proxy(prisma, {
    get(target, property, receiver) {
      if (property === "$transaction") {
        return async (...args: unknown[]) => {
          signalReached();
          await gate;
          return (target.$transaction as (...a: unknown[]) => unknown)(...args);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { prisma: proxy, reached, open };
}
