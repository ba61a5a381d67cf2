-- wrk script: Uppy Companion's GET /s3/params (a presigned S3 POST for one file), the peer the
-- create benchmark is measured against. Prints the same summary as create-upload.lua.
wrk.method = "GET"
wrk.path = "/s3/params?filename=IMG_0001.jpg&type=image%2Fjpeg"

function done(summary, latency, requests)
  io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50: %.2f ms  p90: %.2f ms  p99: %.2f ms  p99.9: %.2f ms  max: %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, timeout %d, non-2xx %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
end
