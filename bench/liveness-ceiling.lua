-- wrk script: GET /actuator/health/liveness, no token, no database: the least work the server's
-- HTTP stack (Tomcat, the filter chain, Spring MVC, JSON) does for any request. headline.sh
-- measures it on the same warmed server as the creates, as the ceiling no endpoint can pass on
-- this machine. Prints the summary of wrk-summary.lua.
wrk.method = "GET"
wrk.path = "/actuator/health/liveness"

dofile("bench/wrk-summary.lua")
