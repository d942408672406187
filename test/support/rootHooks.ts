import { WebSocket } from "ws";
import { dropTestDatabase, prepareTestDatabase } from "./stores.js";

// Node 20 has no global WebSocket; the Colyseus SDK needs one (Node 22 has it built in).
globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;

/** Mocha root hooks: the run's database is created, migrated and seeded first, and dropped at the end. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    await prepareTestDatabase();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await dropTestDatabase();
  },
};
