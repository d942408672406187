/**
 * Whether a job that runs every `periodMs` falls due on `tick` (ticks of `tickMs`, the first being 1): on
 * the tick whose elapsed time crosses a multiple of the period, so that over time it runs exactly as often
 * as the period says, on the tick clock. A period shorter than a tick runs on every tick.
 */
export function isDueOnTick(tick: number, tickMs: number, periodMs: number): boolean {
  if (periodMs <= tickMs) return true;
  return Math.floor((tick * tickMs) / periodMs) > Math.floor(((tick - 1) * tickMs) / periodMs);
}
