import { BenchContext } from "../scenarios/context.js";
import { batchSyncScenario } from "../scenarios/batchSync.js";
const ctx = await BenchContext.open({ quick: true, scenarios: new Set(), ccuSteps: [], measureS: 5, warmupS: 2, rate: 5, workers: 2, maps: ["town"], decodeAll: false, syncSizes: (process.argv[2] ?? "1000").split(",").map(Number), naiveBudgetS: Number(process.argv[3] ?? 10), joinCount: 10, rtCount: 10, cpuProf: false }, "redis://127.0.0.1:6379");
try {
  console.log(JSON.stringify(await batchSyncScenario(ctx, console.log), null, 1));
} finally {
  await ctx.close();
}
