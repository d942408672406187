import { getText } from "./net.js";

/** One scrape of the server's /metrics: the parts the bench reads. */
export interface Scrape {
  /** Cumulative bucket counts of rpg_command_duration_seconds summed over command types, by `le`. */
  commandBuckets: Map<number, number>;
  commandCount: number;
  eventLoopLagP99S: number;
  eventLoopLagMaxS: number;
  syncCount: number;
  syncSumS: number;
  syncRows: number;
  /** rpg_tick_duration_seconds: count and sum, and its 0.5 and 0.99 quantiles over the last minute. */
  tickCount: number;
  tickSumS: number;
  tickP50S: number;
  tickP99S: number;
  ticksSkipped: number;
  /** rpg_admission_lag_seconds: the sustained event-loop lag admission control looks at. */
  admissionLagS: number;
  /** nodejs_heap_size_used_bytes (prom-client's default metrics). */
  heapUsedBytes: number;
}

export async function scrape(baseUrl: string): Promise<Scrape | null> {
  const res = await getText(`${baseUrl}/metrics`, 5_000);
  if (!res || res.status !== 200) return null;
  const commandBuckets = new Map<number, number>();
  let commandCount = 0;
  const value = (line: string) => Number(line.slice(line.lastIndexOf(" ") + 1));
  const out: Scrape = {
    commandBuckets, commandCount, eventLoopLagP99S: NaN, eventLoopLagMaxS: NaN, syncCount: 0, syncSumS: 0, syncRows: 0,
    tickCount: 0, tickSumS: 0, tickP50S: NaN, tickP99S: NaN, ticksSkipped: 0, admissionLagS: NaN, heapUsedBytes: NaN,
  };
  for (const line of res.text.split("\n")) {
    if (line.startsWith("rpg_command_duration_seconds_bucket{")) {
      const le = /le="([^"]+)"/.exec(line)?.[1];
      const bound = le === "+Inf" ? Infinity : Number(le);
      commandBuckets.set(bound, (commandBuckets.get(bound) ?? 0) + value(line));
    } else if (line.startsWith("rpg_command_duration_seconds_count{")) {
      commandCount += value(line);
    } else if (line.startsWith("nodejs_eventloop_lag_p99_seconds ")) {
      out.eventLoopLagP99S = value(line);
    } else if (line.startsWith("nodejs_eventloop_lag_max_seconds ")) {
      out.eventLoopLagMaxS = value(line);
    } else if (line.startsWith("rpg_sync_duration_seconds_count ")) {
      out.syncCount = value(line);
    } else if (line.startsWith("rpg_sync_duration_seconds_sum ")) {
      out.syncSumS = value(line);
    } else if (line.startsWith("rpg_sync_rows_total ")) {
      out.syncRows = value(line);
    } else if (line.startsWith("rpg_tick_duration_seconds_count ")) {
      out.tickCount = value(line);
    } else if (line.startsWith("rpg_tick_duration_seconds_sum ")) {
      out.tickSumS = value(line);
    } else if (line.startsWith('rpg_tick_duration_seconds{quantile="0.5"}')) {
      out.tickP50S = value(line);
    } else if (line.startsWith('rpg_tick_duration_seconds{quantile="0.99"}')) {
      out.tickP99S = value(line);
    } else if (line.startsWith("nodejs_heap_size_used_bytes ")) {
      out.heapUsedBytes = value(line);
    } else if (line.startsWith("rpg_admission_lag_seconds ")) {
      out.admissionLagS = value(line);
    } else if (line.startsWith("rpg_ticks_skipped_total ")) {
      out.ticksSkipped = value(line);
    }
  }
  out.commandCount = commandCount;
  return out;
}

/**
 * Quantile estimate (ms) of the server-side command duration between two scrapes, interpolated
 * linearly inside the Prometheus bucket (so only as fine as the buckets: 1, 2.5, 5, 10, 25, 50, 100 ms...).
 */
export function serverQuantileMs(before: Scrape, after: Scrape, q: number): number {
  const bounds = [...after.commandBuckets.keys()].sort((a, b) => a - b);
  const delta = bounds.map((b) => (after.commandBuckets.get(b) ?? 0) - (before.commandBuckets.get(b) ?? 0));
  const total = delta[delta.length - 1] ?? 0;
  if (total <= 0) return NaN;
  const target = q * total;
  let prevBound = 0;
  let prevCount = 0;
  for (let i = 0; i < bounds.length; i++) {
    const count = delta[i]!;
    if (count >= target) {
      const bound = bounds[i]!;
      if (!Number.isFinite(bound)) return prevBound * 1000;
      const within = count - prevCount;
      const fraction = within > 0 ? (target - prevCount) / within : 1;
      return (prevBound + (bound - prevBound) * fraction) * 1000;
    }
    prevBound = bounds[i]!;
    prevCount = count;
  }
  return NaN;
}
