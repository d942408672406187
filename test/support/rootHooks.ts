import { prepareTestDatabase } from "./stores.js";

/** Mocha root hooks: the test database is created, migrated and seeded before any test runs. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    await prepareTestDatabase();
  },
};
