-- Validates, in one atomic step, what a sync run read without holding Valkey up (each player and map together
-- with its version; every change bumps the version), so that the run can save one moment of the world: an item
-- moved between a player and the ground, or between two players, is never saved in both places.
-- ARGV[3] "check": only reports what changed since it was read. "read": also reads the changed ones here.
-- KEYS: epoch marker, the ground item key with an empty id (a map's item keys are this plus an id: the one place
-- a script builds keys, from a key it was passed, because a changing map's ids are only known in here); 4 per
-- player (player, inventory, equipment, skills); 2 per map (version, item set); last, 3 per bank (player, bank,
-- bank changes: see bankChanges.lua), their number being what the other keys leave.
-- ARGV: number of players, number of maps, mode, the version read of each player ("" when it was not loaded),
-- then the version read of each map, and last the version each bank was read at ("" when not loaded).
-- Returns {marker or false, players, maps, banks}: in "check" mode the indexes that changed; in "read" mode
-- {index, p, i, e, s} per changed player, {index, version, {item hash...}} per changed map and
-- {index, version or false, {slot, stack or false, ...}} per changed bank.
local np, nm, read = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3] == "read"
local players, maps = {}, {}
for i = 1, np do
  local k = 3 + (i - 1) * 4
  if (redis.call("HGET", KEYS[k], "version") or "") ~= ARGV[3 + i] then
    if read then
      players[#players + 1] = {i, redis.call("HGETALL", KEYS[k]), redis.call("HGETALL", KEYS[k + 1]),
                               redis.call("HGETALL", KEYS[k + 2]), redis.call("HGETALL", KEYS[k + 3])}
    else
      players[#players + 1] = i
    end
  end
end
for m = 1, nm do
  local k = 3 + np * 4 + (m - 1) * 2
  local version = redis.call("GET", KEYS[k]) or "0"
  if version ~= ARGV[3 + np + m] then
    if read then
      local items = {}
      for _, id in ipairs(redis.call("ZRANGE", KEYS[k + 1], 0, -1)) do items[#items + 1] = redis.call("HGETALL", KEYS[2] .. id) end
      maps[#maps + 1] = {m, version, items}
    else
      maps[#maps + 1] = m
    end
  end
end
local banks = {}
local kb = 3 + np * 4 + nm * 2
local nb = (#KEYS - kb + 1) / 3
for b = 1, nb do
  local k = kb + (b - 1) * 3
  local version = redis.call("HGET", KEYS[k], "version")
  if (version or "") ~= ARGV[#ARGV - nb + b] then
    if read then
      local changes = {}
      if version then
        for _, slot in ipairs(redis.call("ZRANGE", KEYS[k + 2], 0, -1)) do
          changes[#changes + 1] = slot
          changes[#changes + 1] = redis.call("HGET", KEYS[k + 1], slot)
        end
      end
      banks[#banks + 1] = {b, version, changes}
    else
      banks[#banks + 1] = b
    end
  end
end
return {redis.call("GET", KEYS[1]), players, maps, banks}
