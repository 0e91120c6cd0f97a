#!/bin/sh
# The Cairo talks as a timeline: three dated versions in a fresh store, a
# Monte Carlo run per version, the timeline, a semantic diff and a rerun.
# Usage: timeline.sh [ACCORD] [DB]   (defaults: accord, ./accord-demo.db)
set -e
ACCORD=${1:-accord}
DB=${2:-accord-demo.db}
HERE=$(cd "$(dirname "$0")" && pwd)
rm -f "$DB" "$DB-wal" "$DB-shm"
"$ACCORD" track add "$HERE/2024-05-01-positive-spirit.yaml" --name cairo --db "$DB" \
  --note "signs of agreement: Israel softening, Hamas 'positive spirit'"
"$ACCORD" track add "$HERE/2024-05-05-deadlock.yaml" --name cairo --db "$DB" \
  --note "weekend deadlock: Hamas delegation leaves Cairo"
"$ACCORD" track add "$HERE/2024-05-07-us-pressure.yaml" --name cairo --db "$DB" \
  --note "what-if: US pressure over Rafah takes effect"
"$ACCORD" track run cairo --kind montecarlo --runs 2000 --seed 7 --simulate --db "$DB"
"$ACCORD" track timeline cairo --db "$DB"
"$ACCORD" diff cairo@1 cairo@2 --db "$DB"
"$ACCORD" rerun 1 --db "$DB"
