-- Writes the role field of a loaded player's hash (KEYS[1]); never creates the hash of a player who is
-- not loaded. ARGV[1]: "set" (overwrite) or "init" (only when the field is missing); ARGV[2]: the role.
-- Returns the role now stored, or false when the player is not loaded.
if redis.call("EXISTS", KEYS[1]) == 0 then return false end
if ARGV[1] == "set" then
  redis.call("HSET", KEYS[1], "role", ARGV[2])
else
  redis.call("HSETNX", KEYS[1], "role", ARGV[2])
end
return redis.call("HGET", KEYS[1], "role")
