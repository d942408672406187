-- Reads players for a sync (PlayerHotState.readForSync): per player its player hash and, when its ARGV is
-- "1", its inventory, equipment and skills hashes, returned as ONE JSON text per player (a list of the flat
-- HGETALL lists, the player hash first), so that the client parses one string per player instead of two per
-- field. An empty hash comes back as {} (cjson's empty table). Reads only; the run's atomic check
-- (snapshotForSync.lua) still validates every version read here.
-- KEYS: 4 per player (player, inventory, equipment, skills). ARGV: per player "1" (whole) or "0" (its player
-- hash alone).
local out = {}
for n = 1, #ARGV do
  local k = (n - 1) * 4
  local hashes = {redis.call("HGETALL", KEYS[k + 1])}
  if ARGV[n] == "1" then
    for j = 2, 4 do hashes[j] = redis.call("HGETALL", KEYS[k + j]) end
  end
  out[n] = cjson.encode(hashes)
end
return out
