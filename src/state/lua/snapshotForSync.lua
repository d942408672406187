-- Validates, in one atomic step, what a sync run read without holding Valkey up (each player and map together
-- with its version; every change bumps the version), so that the run can save one moment of the world: an item
-- moved between a player and the ground, or between two players, is never saved in both places.
-- It also fixes what the run saves at that moment: everything not saved yet, that is every dirty set (moved
-- into the run's own inflight sets) and every running sync's inflight sets. A change made after the run drained
-- touches entities the run holds and entities it did not drain (the ground under a pickup); both are saved
-- now, or the run would save one side of the change only, and a loss before the next run would keep it so.
-- ARGV[3] "check": only reports what changed since it was read. "read": also reads the changed ones here,
-- and the entities to save that the run has not read.
-- KEYS: epoch marker, the ground item key with an empty id, the runs zset, the inflight key up to the token,
-- the dirty sets (as many as ARGV[4].c names), the key bases of an entity (player, inventory, equipment,
-- skills, bank, bank changes, map version, map item set: these plus an id are its keys, built here because
-- the ids of what turned dirty are only known in here); 4 per player (player, inventory, equipment, skills);
-- 2 per map (version, item set); last, 3 per bank (player, bank, bank changes: see bankChanges.lua), their
-- number being what the other keys leave.
-- ARGV: number of players, number of maps, mode, JSON {t = run token, c = dirty types, pc = how many of them
-- are player types, p = player ids read, m = map ids read, b = bank ids read, q = the indexes of the players
-- read from their player hash alone (position-only; "read" mode only), f = the indexes in c of the types
-- whose rows live outside the player hash}, the version read of each
-- player ("" when it was not loaded), then the version read of each map, and last the version each bank was
-- read at ("" when not loaded).
-- Returns {marker or false, players, maps, banks, to save, new players, new maps, new banks}: in "check" mode
-- the indexes that changed; in "read" mode {index, p, i, e, s} per changed player (and per position-only
-- player that the run saves one of the f types of: it must be saved whole, as it is now), {index, version,
-- {item hash...}} per changed map and {index, version or false, {slot, stack or false, ...}} per changed bank.
-- "To save": the members of each dirty type the run saves. New ones ("read" mode only): the same shapes with
-- the id in place of the index, for the entities to save that the run did not read.
local np, nm, read = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3] == "read"
local run = cjson.decode(ARGV[4])
local nt = #run.c
local base = 4 + nt
local function readPlayer(p, i, e, s)
  return {redis.call("HGETALL", p), redis.call("HGETALL", i), redis.call("HGETALL", e), redis.call("HGETALL", s)}
end
local function readMap(setKey)
  local items = {}
  for _, id in ipairs(redis.call("ZRANGE", setKey, 0, -1)) do items[#items + 1] = redis.call("HGETALL", KEYS[2] .. id) end
  return items
end
local function readBank(version, bankKey, changesKey)
  local changes = {}
  if version then
    for _, slot in ipairs(redis.call("ZRANGE", changesKey, 0, -1)) do
      changes[#changes + 1] = slot
      changes[#changes + 1] = redis.call("HGET", bankKey, slot)
    end
  end
  return changes
end

local players, maps = {}, {}
local kp = base + 9
for i = 1, np do
  local k = kp + (i - 1) * 4
  if (redis.call("HGET", KEYS[k], "version") or "") ~= ARGV[4 + i] then
    if read then
      local hashes = readPlayer(KEYS[k], KEYS[k + 1], KEYS[k + 2], KEYS[k + 3])
      players[#players + 1] = {i, unpack(hashes)}
    else
      players[#players + 1] = i
    end
  end
end
local km = kp + np * 4
for m = 1, nm do
  local k = km + (m - 1) * 2
  local version = redis.call("GET", KEYS[k]) or "0"
  if version ~= ARGV[4 + np + m] then
    if read then
      maps[#maps + 1] = {m, version, readMap(KEYS[k + 1])}
    else
      maps[#maps + 1] = m
    end
  end
end
local banks = {}
local kb = km + nm * 2
local nb = (#KEYS - kb + 1) / 3
for b = 1, nb do
  local k = kb + (b - 1) * 3
  local version = redis.call("HGET", KEYS[k], "version")
  if (version or "") ~= ARGV[#ARGV - nb + b] then
    if read then
      banks[#banks + 1] = {b, version, readBank(version, KEYS[k + 1], KEYS[k + 2])}
    else
      banks[#banks + 1] = b
    end
  end
end

-- What the run saves: its dirty sets moved into its inflight sets, and every running sync's inflight sets.
local tokens = redis.call("ZRANGE", KEYS[3], 0, -1)
local toSave = {}
for c, type in ipairs(run.c) do
  local own = KEYS[4] .. run.t .. ":" .. type
  if redis.call("SCARD", KEYS[4 + c]) > 0 then
    redis.call("SUNIONSTORE", own, own, KEYS[4 + c])
    redis.call("DEL", KEYS[4 + c])
  end
  local sets = {own}
  for _, token in ipairs(tokens) do
    if token ~= run.t then sets[#sets + 1] = KEYS[4] .. token .. ":" .. type end
  end
  toSave[c] = redis.call("SUNION", unpack(sets))
end

local newPlayers, newMaps, newBanks = {}, {}, {}
if read and #run.q > 0 then
  local whole = {}
  for _, c in ipairs(run.f) do
    for _, id in ipairs(toSave[c]) do whole[id] = true end
  end
  local reread = {}
  for _, entry in ipairs(players) do reread[entry[1]] = true end
  for _, i in ipairs(run.q) do
    if not reread[i] and whole[tostring(run.p[i])] then
      local k = kp + (i - 1) * 4
      players[#players + 1] = {i, unpack(readPlayer(KEYS[k], KEYS[k + 1], KEYS[k + 2], KEYS[k + 3]))}
    end
  end
end
if read then
  local function unread(ids)
    local seen = {}
    for _, id in ipairs(ids) do seen[tostring(id)] = true end
    return function(id)
      if seen[id] then return false end
      seen[id] = true
      return true
    end
  end
  local playerUnread, mapUnread, bankUnread = unread(run.p), unread(run.m), unread(run.b)
  for c = 1, nt do
    for _, id in ipairs(toSave[c]) do
      if c <= run.pc and playerUnread(id) then
        newPlayers[#newPlayers + 1] = {id, unpack(readPlayer(KEYS[base + 1] .. id, KEYS[base + 2] .. id, KEYS[base + 3] .. id, KEYS[base + 4] .. id))}
      end
      if run.c[c] == "bank" and bankUnread(id) then
        local version = redis.call("HGET", KEYS[base + 1] .. id, "version")
        newBanks[#newBanks + 1] = {id, version, readBank(version, KEYS[base + 5] .. id, KEYS[base + 6] .. id)}
      end
      if run.c[c] == "ground_items" and mapUnread(id) then
        newMaps[#newMaps + 1] = {id, redis.call("GET", KEYS[base + 7] .. id) or "0", readMap(KEYS[base + 8] .. id)}
      end
    end
  end
end
return {redis.call("GET", KEYS[1]), players, maps, banks, toSave, newPlayers, newMaps, newBanks}
