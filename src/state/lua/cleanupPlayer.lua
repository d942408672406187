-- Deletes an online player's hot state and registry entries, but only if nothing changed since the
-- last save (the player is in no dirty set). Returns 1 when cleaned, 0 when unsaved changes remain.
-- KEYS: player, inventory, equipment, skills, online players, online usernames, then the player dirty sets.
-- ARGV: playerId.
for i = 7, #KEYS do
  if redis.call("SISMEMBER", KEYS[i], ARGV[1]) == 1 then return 0 end
end
local username = redis.call("HGET", KEYS[5], ARGV[1])
redis.call("DEL", KEYS[1], KEYS[2], KEYS[3], KEYS[4])
redis.call("HDEL", KEYS[5], ARGV[1])
if username and redis.call("HGET", KEYS[6], username) == ARGV[1] then redis.call("HDEL", KEYS[6], username) end
return 1
