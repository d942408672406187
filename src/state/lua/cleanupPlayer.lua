-- Deletes an online player's hot state (its bank included) and registry entries, but only if nothing changed
-- since the last save (the player is in no dirty set) and, when ARGV[2] names a session, only if no other
-- session has taken the player over (it would own this state now). Releases that session's lease too.
-- Returns 1 when cleaned, 0 when unsaved changes remain, 2 when another session owns the player.
-- KEYS: player, inventory, equipment, skills, bank, bank changes, online players, online usernames, session,
-- then the player dirty sets. ARGV: playerId, sessionId or "".
if ARGV[2] ~= "" then
  local owner = redis.call("HGET", KEYS[9], "id")
  if owner and owner ~= ARGV[2] then return 2 end
end
for i = 10, #KEYS do
  if redis.call("SISMEMBER", KEYS[i], ARGV[1]) == 1 then return 0 end
end
local username = redis.call("HGET", KEYS[7], ARGV[1])
redis.call("DEL", KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
if ARGV[2] ~= "" then redis.call("DEL", KEYS[9]) end
redis.call("HDEL", KEYS[7], ARGV[1])
if username and redis.call("HGET", KEYS[8], username) == ARGV[1] then redis.call("HDEL", KEYS[8], username) end
return 1
