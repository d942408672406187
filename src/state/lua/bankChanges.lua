-- Reads, in one atomic step, what a sync saves of a player's bank: the player's version and every bank slot
-- changed since the last save (its stack, or false for a slot emptied since).
-- KEYS: player, bank, bank changes. Returns {version or false (not loaded), {slot, stack or false, ...}}.
local version = redis.call("HGET", KEYS[1], "version")
if not version then return {false, {}} end
local changes = {}
for _, slot in ipairs(redis.call("ZRANGE", KEYS[3], 0, -1)) do
  changes[#changes + 1] = slot
  changes[#changes + 1] = redis.call("HGET", KEYS[2], slot)
end
return {version, changes}
