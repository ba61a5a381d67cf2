-- wrk script: POST /v1/uploads with a valid declaration. Each request carries one of the
-- bearer tokens in $TOKENS (space-separated), so the load comes from several owners.
wrk.method = "POST"
wrk.path = "/v1/uploads"
wrk.body = '{"filename":"IMG_0001.jpg","contentType":"image/jpeg","size":2481234,' ..
           '"checksum":"sha256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}'
wrk.headers["Content-Type"] = "application/json"

local tokens = {}
for t in string.gmatch(os.getenv("TOKENS"), "%S+") do
  table.insert(tokens, "Bearer " .. t)
end
local counter = 0

function request()
  counter = counter + 1
  wrk.headers["Authorization"] = tokens[(counter % #tokens) + 1]
  return wrk.format()
end

-- No response() callback: wrk then parses every answer in Lua, which takes CPU from the
-- server on the same cores. Answers other than 2xx and 3xx are still counted (non-2xx below).

dofile("bench/wrk-summary.lua")
