#!/usr/bin/env sh
# Score the analyzer on our own held-out calls (fixtures/eval); prints the summary line.
#   benchmarks/own_eval.sh            # summary only
#   benchmarks/own_eval.sh -v         # every call's row too
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
score=${SCORE_PY:-$here/../shared/eval/score.py}
[ -f "$score" ] || score=/work/shared/eval/score.py
out=$(cd "${TMPDIR:-/tmp}" && python "$score" "$here/fixtures/eval" || true)
if [ "${1:-}" = "-v" ]; then printf '%s\n' "$out"; else printf '%s\n' "$out" | tail -n 1; fi
