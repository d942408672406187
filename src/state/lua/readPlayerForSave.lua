-- Reads a player's whole state and clears the player from the dirty sets in the same step, so a change
-- that lands after this read marks the player dirty again. With a fencing token (ARGV[2]), refuses when
-- a newer session holds the player: a replaced session never saves. Returns {} when not loaded, {0} when
-- refused, else the four hashes.
-- KEYS: player, inventory, equipment, skills, session, then the player dirty sets. ARGV: playerId, token or "".
local p = redis.call("HGETALL", KEYS[1])
if #p == 0 then return {} end
if ARGV[2] ~= "" then
  local live = redis.call("HGET", KEYS[5], "token")
  if live and live ~= ARGV[2] then return {0} end
end
for i = 6, #KEYS do redis.call("SREM", KEYS[i], ARGV[1]) end
return {p, redis.call("HGETALL", KEYS[2]), redis.call("HGETALL", KEYS[3]), redis.call("HGETALL", KEYS[4])}
