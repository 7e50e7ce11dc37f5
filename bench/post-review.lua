-- wrk script for walguard's admission benchmark (bench/admission-load.sh).
--
-- POSTs one AdmissionReview body to the URL given to wrk, with Content-Type: application/json.
-- The body file comes from the first script argument (wrk ... URL -- FILE) or, failing that,
-- from the WALGUARD_BODY environment variable.
--
-- Every request gets its own request.uid (the apiserver never repeats one): the body is split once
-- around the request's uid, and each request joins prefix .. new uid .. suffix.
--
-- Every response is checked: HTTP 200 and "allowed":true. done() prints one machine-readable line,
--   WALGUARD requests=N duration_us=N rps=X p50_us=N p99_us=N ... non200=N not_allowed=N ...
-- which admission-load.sh parses; it also prints the first bad response, if any.

local counter = 0
thread_id = 0   -- set per thread by setup() through thread:set
local prefix, suffix, static_body
non200 = 0
not_allowed = 0
first_bad = nil

local function load_body(path)
  if path == nil or path == "" then
    error("post-review.lua: no body file (pass it after '--' or set WALGUARD_BODY)")
  end
  local f, err = io.open(path, "rb")
  if not f then error("post-review.lua: cannot read " .. path .. ": " .. tostring(err)) end
  local body = f:read("*a")
  f:close()
  static_body = body
  -- The request's own uid: the first "uid" after "request": {. Only metadata objects nested
  -- further down carry other uids, and they come after the request's scalar fields.
  local req = body:find('"request"%s*:%s*{')
  if req then
    local s, e = body:find('"uid"%s*:%s*"[^"]*"', req)
    if s then
      local q = body:find('"', body:find(':', s + 5, true), true) -- opening quote of the value
      prefix = body:sub(1, q)
      suffix = body:sub(e)                                          -- closing quote onwards
    end
  end
end

local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  load_body(args[1] or os.getenv("WALGUARD_BODY"))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = static_body
end

function request()
  if prefix == nil then
    return wrk.format(nil, nil, nil, static_body)
  end
  counter = counter + 1
  local uid = string.format("00000000-0000-4000-8%03x-%012x", thread_id % 4096, counter)
  return wrk.format(nil, nil, nil, prefix .. uid .. suffix)
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if first_bad == nil then first_bad = "HTTP " .. status .. ": " .. string.sub(body or "", 1, 300) end
  elseif not string.find(body or "", '"allowed":true', 1, true) then
    not_allowed = not_allowed + 1
    if first_bad == nil then first_bad = "HTTP 200, not allowed: " .. string.sub(body or "", 1, 300) end
  end
end

function done(summary, latency, requests)
  local bad200, notallowed, first = 0, 0, nil
  for _, t in ipairs(threads) do
    bad200 = bad200 + (t:get("non200") or 0)
    notallowed = notallowed + (t:get("not_allowed") or 0)
    first = first or t:get("first_bad")
  end
  local e = summary.errors
  io.write(string.format(
    "WALGUARD requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d "
      .. "non200=%d not_allowed=%d connect_err=%d read_err=%d write_err=%d timeout_err=%d status_err=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    bad200, notallowed, e.connect, e.read, e.write, e.timeout, e.status))
  if first then io.write("WALGUARD first_bad " .. first .. "\n") end
end
