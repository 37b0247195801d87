#!/bin/sh
# Runs one fuzz target under libFuzzer for SECONDS, starting from CORPUS (where libFuzzer keeps the
# inputs that found new code), the seeds and the regression fixtures (all replayed first, so a
# fixed crash stays fixed). Any crash,
# timeout, leak or out-of-memory input is copied into Tests/Fuzz/Regressions/TARGET/ to be
# committed. Appends "| target | executions | exec/s | result |" to REPORT.
#
# usage: fuzz-run.sh BINARY TARGET SECONDS WORKDIR REPORT CORPUS [RUNS]
# RUNS, when given, stops the target after that many executions if SECONDS have not run out.
# FUZZ_TIMEOUT (seconds, default 5) is how long one input may run, by the wall clock: a campaign
# at low priority beside builds needs more, or a starved process reports a hang that is not one.
# FUZZ_FORK=N runs N fuzzing processes that share the corpus (libFuzzer's -fork), one per core.
# FUZZ_MAX_LEN=BYTES caps the inputs libFuzzer makes (-max_len); unset, it takes the largest corpus
# file (140 KB for addon.xml), and mutating such inputs is several times slower.
set -u
binary=$1 target=$2 seconds=$3 work=$4 report=$5 corpus=$6 runs=${7:-}
regressions=Tests/Fuzz/Regressions/$target
# libFuzzer's findings go to findings/, not artifacts/: SwiftPM owns that folder of its scratch
# path and empties it when it builds (a forked run beside a build died without it).
mkdir -p "$corpus" "$work/seeds/$target" "$work/findings/$target" "$work/logs" "$regressions"
log=$work/logs/$target.log

# The Swift runtime's own crash reporter would wait on the terminal; libFuzzer and ASan print
# the stack. Leak suppressions cover the Swift runtime's caches (see the file).
SWIFT_BACKTRACE=enable=no \
LSAN_OPTIONS="suppressions=$(pwd)/Tests/Fuzz/lsan-suppressions.txt:print_suppressions=0" \
  "$binary" -max_total_time="$seconds" ${runs:+-runs="$runs"} ${FUZZ_FORK:+-fork="$FUZZ_FORK"} ${FUZZ_MAX_LEN:+-max_len="$FUZZ_MAX_LEN"} -timeout="${FUZZ_TIMEOUT:-5}" -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/findings/$target/" \
  "$corpus" "$work/seeds/$target" "$regressions" >"$log" 2>&1
status=$?

kept=""
for artifact in "$work/findings/$target"/crash-* "$work/findings/$target"/timeout-* \
  "$work/findings/$target"/leak-* "$work/findings/$target"/oom-*; do
  [ -f "$artifact" ] || continue
  cp "$artifact" "$regressions/" && rm "$artifact"
  kept="$kept $(basename "$artifact")"
done

executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
if [ -z "$executions" ]; then
  # Forked, or killed before the final stats: take the last "#N ..." status line.
  executions=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$log" | tail -1)
  rate=$(sed -n 's/^#.*exec\/s: *\([0-9]*\).*/\1/p' "$log" | tail -1)
fi
if [ "$status" -eq 0 ]; then
  result=ok
else
  summary=$(grep -m1 -E '^SUMMARY|ERROR: libFuzzer' "$log" | cut -c1-80)
  result="FAILED ($summary; log $log;${kept:- no new input})"
fi
printf '| %s | %s | %s | %s |\n' "$target" "${executions:-0}" "${rate:-0}" "$result" >>"$report"
echo "$target: ${executions:-0} executions, ${rate:-0}/s, $result"
exit "$status"
