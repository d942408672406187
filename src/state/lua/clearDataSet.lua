-- Empties this server's data set (every key under the client's key prefix) if the epoch marker still holds
-- ARGV[1]: the data of an older format, which a newer server cannot read (see HotStateEpoch). Checking the
-- marker in the same step keeps a second server starting at the same time from emptying what the first one
-- wrote since in the new format.
-- KEYS[1]: epoch marker; KEYS[2]: the empty key, which the client's prefix turns into the prefix itself.
-- Returns how many keys it removed (-1: the marker changed, nothing removed).
if redis.call("GET", KEYS[1]) ~= ARGV[1] then return -1 end
local pattern = KEYS[2]:gsub("[%*%?%[%]\\]", "\\%0") .. "*"
local cursor, removed = "0", 0
repeat
  local reply = redis.call("SCAN", cursor, "MATCH", pattern, "COUNT", 1000)
  cursor = reply[1]
  for _, key in ipairs(reply[2]) do
    redis.call("UNLINK", key)
    removed = removed + 1
  end
until cursor == "0"
return removed
