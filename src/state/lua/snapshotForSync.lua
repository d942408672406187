-- Reads, in one atomic step, everything a sync run writes: the epoch marker, the four hashes of each player
-- and the version and items of each map. The run then saves one moment of the world, so an item moved between
-- a player and the ground (or between two players) is never saved in both places.
-- KEYS: epoch marker; 4 per player (player, inventory, equipment, skills); per map: version, item set, then
-- the hashes of the items the caller saw in the set. ARGV: number of players, number of maps, then per map
-- the number of its items followed by their ids (the same order as their keys).
-- Returns {marker or false, {{p, i, e, s}...}, {{version, {item...}}...}, stale}: `stale` lists the maps whose
-- set now holds an item the caller did not pass (read the set again and retry); their entry is empty.
local np, nm = tonumber(ARGV[1]), tonumber(ARGV[2])
local k, a = 2, 3
local players = {}
for i = 1, np do
  players[i] = {redis.call("HGETALL", KEYS[k]), redis.call("HGETALL", KEYS[k + 1]),
                redis.call("HGETALL", KEYS[k + 2]), redis.call("HGETALL", KEYS[k + 3])}
  k = k + 4
end
local maps, stale = {}, {}
for m = 1, nm do
  local count = tonumber(ARGV[a])
  local keyOf = {}
  for j = 1, count do keyOf[ARGV[a + j]] = KEYS[k + 1 + j] end
  local items, complete = {}, true
  for _, id in ipairs(redis.call("SMEMBERS", KEYS[k + 1])) do
    local key = keyOf[id]
    if not key then
      complete = false
      break
    end
    items[#items + 1] = redis.call("HGETALL", key)
  end
  if complete then
    maps[m] = {redis.call("GET", KEYS[k]) or "0", items}
  else
    maps[m] = {}
    stale[#stale + 1] = m
  end
  k = k + 2 + count
  a = a + 1 + count
end
return {redis.call("GET", KEYS[1]), players, maps, stale}
