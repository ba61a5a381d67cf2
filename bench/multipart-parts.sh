# Sourced by the benches that upload in parts with curl (multipart-upload.sh, js-upload.sh): the
# two steps of the multipart protocol around the PUTs that both do the same way.

# sign_parts UPLOAD_URL TOKEN COUNT: every part's signed target, as one JSON array in part order.
# The server signs at most 100 parts a call.
sign_parts() {
  local first
  for ((first = 1; first <= $3; first += 100)); do
    curl -sf -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
      -d "{\"partNumbers\":[$(seq -s, "$first" $((first + 99 < $3 ? first + 99 : $3)))]}" "$1/parts"
  done | jq -s 'map(.parts[]) | sort_by(.partNumber)'
}

# complete_body: the complete's body, from lines "PART_NUMBER ETAG" on stdin in any order.
complete_body() {
  sort -n | jq -R -s '{parts: (split("\n") | map(select(length > 0) | split(" ")
    | {partNumber: (.[0] | tonumber), etag: .[1]}))}'
}
