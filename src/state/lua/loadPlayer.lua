-- Writes a player's state loaded from PostgreSQL, unless Valkey already holds it (then Valkey's copy is
-- newer: a crash left it, or another process has it) and registers the player online either way. Refused
-- (-1, nothing written) when Valkey's epoch is not the one the state was read in: Valkey lost its data since,
-- and what PostgreSQL held then may not be final (see HotStateEpoch).
-- KEYS: player, inventory, equipment, skills, bank, bank changes, online players, online usernames, epoch marker.
-- ARGV: playerId, usernameLower, JSON {p = flat player fields, i = {slot, json...}, e = {...}, s = {...}, b = {...}},
-- epoch.
if redis.call("GET", KEYS[9]) ~= ARGV[4] then return -1 end
redis.call("HSET", KEYS[7], ARGV[1], ARGV[2])
redis.call("HSET", KEYS[8], ARGV[2], ARGV[1])
if redis.call("EXISTS", KEYS[1]) == 1 then return 0 end
local st = cjson.decode(ARGV[3])
redis.call("DEL", KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
redis.call("HSET", KEYS[1], unpack(st.p))
if #st.i > 0 then redis.call("HSET", KEYS[2], unpack(st.i)) end
if #st.e > 0 then redis.call("HSET", KEYS[3], unpack(st.e)) end
if #st.s > 0 then redis.call("HSET", KEYS[4], unpack(st.s)) end
if st.b and #st.b > 0 then redis.call("HSET", KEYS[5], unpack(st.b)) end
return 1
