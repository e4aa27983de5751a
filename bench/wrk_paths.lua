-- wrk script for bench/run.sh: requests the paths of $KM_WRK_PATHS (one "/path?query" a line)
-- in turn, with the bearer token of $KM_WRK_TOKEN; reports the non-2xx count at the end.
local paths, token, n = {}, os.getenv("KM_WRK_TOKEN"), 0
for line in io.lines(os.getenv("KM_WRK_PATHS")) do paths[#paths + 1] = line end
local errors = 0

function init(args)
  n = math.random(#paths)  -- each connection starts at its own place
end

function request()
  n = n % #paths + 1
  local headers = {}
  if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("GET", paths[n], headers)
end

function response(status, headers, body)
  if status < 200 or status > 299 then errors = errors + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("non2xx %d\n", summary.errors.status))
end
