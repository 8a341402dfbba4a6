-- wrk script for bench/run.py: cycles through the paths in the file named by WRK_PATHS and
-- prints one JSON line with requests, duration, p50/p99 latency (µs) and errors.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
-- From a random path (seeded: LuaJIT's numbers repeat from run to run otherwise), or, with
-- WRK_FROM_START (searches that must be new), from the first.
math.randomseed(os.time())
local i = math.random(#paths)
if os.getenv("WRK_FROM_START") == "1" then i = 0 end
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
