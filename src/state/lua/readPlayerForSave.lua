-- Reads a player's whole state and clears the player from the dirty sets in the same step, so a change
-- that lands after this read marks the player dirty again.
-- KEYS: player, inventory, equipment, skills, then the player dirty sets. ARGV: playerId.
local p = redis.call("HGETALL", KEYS[1])
if #p == 0 then return {} end
for i = 5, #KEYS do redis.call("SREM", KEYS[i], ARGV[1]) end
return {p, redis.call("HGETALL", KEYS[2]), redis.call("HGETALL", KEYS[3]), redis.call("HGETALL", KEYS[4])}
