-- wrk script: GET the one URL given on the command line, with the bearer token from $TOKEN.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
