-- wrk script for bench/run.py: cycles through the paths in the file named by WRK_PATHS and
-- prints one JSON line with requests, duration, p50/p99 latency (µs) and errors.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
-- LuaJIT's random numbers repeat from run to run unless seeded: the warm-up run and the measured
-- run would then start at the same path, and the measured one would find the warm-up's searches
-- already kept ("zoeken, steeds nieuw" must be new).
math.randomseed(os.time())
local i = math.random(#paths)
-- What the TLS proxy in front of production adds; without it the site redirects to HTTPS.
wrk.headers["X-Forwarded-Proto"] = "https"

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout + e.status))
end
