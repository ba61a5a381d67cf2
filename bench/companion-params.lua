-- wrk script: Uppy Companion's GET /s3/params (a presigned S3 POST for one file), the peer the
-- create benchmark is measured against. Prints the summary of wrk-summary.lua.
wrk.method = "GET"
wrk.path = "/s3/params?filename=IMG_0001.jpg&type=image%2Fjpeg"

dofile("bench/wrk-summary.lua")
