import { dropTestDatabase, prepareTestDatabase } from "./stores.js";

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
