/**
 * The seconds left until a dead player respawns, counted from when the client saw the death, to one
 * decimal and never below 0. The server respawns on the first tick after `respawnDelayMs` (GAME_RULES
 * "Hit points, death and respawn"), so 0 may show for up to one tick before the respawn is seen.
 */
export function respawnSecondsLeft(deathSeenAtMs: number, nowMs: number, respawnDelayMs: number): number {
  const leftMs = Math.max(0, deathSeenAtMs + respawnDelayMs - nowMs);
  return Math.ceil(leftMs / 100) / 10;
}

/** The countdown's words: "Respawning in 3.2 s", then "Respawning..." once the delay has run out. */
export function respawnWords(secondsLeft: number): string {
  return secondsLeft > 0 ? `Respawning in ${secondsLeft.toFixed(1)} s` : "Respawning...";
}
