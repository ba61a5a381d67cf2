-- wrk script: POST /v1/uploads with the bearer token from $TOKEN.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"filename":"bench.jpg","contentType":"image/jpeg","size":2481234}'
