-- wrk script: bench/create-upload.lua at a steady rate for the soak of bench/cluster.sh. Each
-- connection pauses BENCH_DELAY_MS before each request, so the rate is about
-- connections * 1000 / BENCH_DELAY_MS per second while answers stay fast.
dofile("bench/create-upload.lua")

local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")

function delay()
  return pause
end
