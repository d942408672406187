import { BenchContext } from "../scenarios/context.js";
import { ccuSweep } from "../scenarios/ccu.js";
const ctx = await BenchContext.open({ quick: true, scenarios: new Set(), ccuSteps: [Number(process.argv[2] ?? 50)], measureS: Number(process.argv[3] ?? 5), warmupS: 3, rate: 5, workers: 2, maps: ["town"], decodeAll: false, syncSizes: [], naiveBudgetS: 5, joinCount: 10, rtCount: 10, cpuProf: process.argv[4] === "prof" }, "redis://127.0.0.1:6379");
console.log("valkey", ctx.valkey.url, ctx.valkey.private);
const t0 = Date.now();
const server = await ctx.startGameServer("smoke");
console.log("server up in", Date.now() - t0);
try {
  const steps = await ccuSweep(ctx, { label: "rpg", servers: [server], endpointOf: () => server.url, waitForPlayer: true, metrics: true }, console.log);
  console.log(JSON.stringify(steps, null, 1));
} finally {
  console.log(await server.stop());
  console.log(server.output().slice(-3000));
  await ctx.close();
}
