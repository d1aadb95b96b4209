-- wrk script: posts reading batches (five vitals, as ReadingBodies.Normal) the way bedside monitors
-- do, so that an independent load generator measures the same request against the bare endpoint and
-- against the real api. Settings come from the environment:
--   WRK_DEVICE_PREFIX  device ids are this prefix followed by 0 .. WRK_DEVICES-1
--   WRK_DEVICES        how many devices (bound to admitted patients, for the real api)
--   WRK_THREADS        wrk's -t, so that each thread takes its own share of the devices
--   WRK_SEQUENCE_BASE  where this run's sequence numbers start (each run its own range)
--   WRK_TOKENS_FILE    one bearer token per line, the device's own, in device order
-- Each device's sequence numbers and measurement times (microseconds apart) are unique, so nothing
-- is a duplicate, within a run or across runs.
local prefix = os.getenv("WRK_DEVICE_PREFIX") or "x"
local devices = tonumber(os.getenv("WRK_DEVICES") or "1")
local thread_count = tonumber(os.getenv("WRK_THREADS") or "1")
local sequence_base = tonumber(os.getenv("WRK_SEQUENCE_BASE") or "0")
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  tokens = {}
  for line in io.lines(os.getenv("WRK_TOKENS_FILE")) do table.insert(tokens, line) end
  counter = 0
  accepted = 0
  other = 0
  started = os.time()
  per_thread = math.max(1, math.floor(devices / thread_count))
end

function request()
  counter = counter + 1
  local device = ((counter % per_thread) * thread_count + id) % devices
  local sequence = sequence_base + counter * thread_count + id
  local at = os.date("!%Y-%m-%dT%H:%M:%S", started + math.floor(counter / 1000000)) .. string.format(".%06dZ", counter % 1000000)
  local body = '{"sequence":' .. sequence .. ',"readings":['
    .. '{"code":"hr","value":78,"at":"' .. at .. '"},'
    .. '{"code":"spo2","value":97,"at":"' .. at .. '"},'
    .. '{"code":"rr","value":15,"at":"' .. at .. '"},'
    .. '{"code":"sbp","value":120,"at":"' .. at .. '"},'
    .. '{"code":"temp","value":36.9,"at":"' .. at .. '"}]}'
  return wrk.format("POST", "/api/v1/devices/" .. prefix .. device .. "/readings", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[device + 1] }, body)
end

function response(status, headers, body)
  if status == 202 then accepted = accepted + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local a, o = 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("accepted")
    o = o + t:get("other")
  end
  local e = summary.errors
  io.write(string.format("wrk-result accepted=%d other=%d errors=%d seconds=%.3f p99ms=%.2f\n",
    a, o, e.connect + e.read + e.write + e.timeout, summary.duration / 1e6, latency:percentile(99) / 1000))
end
