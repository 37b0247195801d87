#!/usr/bin/env bash
# `make demo`: the Customer reliability story, narrated, on a fresh store in .build/demo.
# Every command is shown as a user would type it, then run for real. A step that should succeed
# and fails stops the demo with a non-zero exit; a refusal the story expects must be refused.
#
# Kept here, beside the add-on's code and its simulator, rather than in the Makefile: a story of
# a dozen steps with helpers reads as a script, not as make recipe lines with $$ and \ escapes.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$root"
demo=.build/demo
simulator=Sources/CustomerReliability/Simulator/checkclient_simulator.py
[ -x .build/debug/addonhost ] || { echo "demo: .build/debug/addonhost is missing; run 'make demo'" >&2; exit 1; }
export PATH="$root/.build/debug:$PATH"
export ADDONHOST_STORE="$demo/store"

# ---- narration helpers -------------------------------------------------------------------------

step_number=0
step() { # step "what the user does" "why"
    step_number=$((step_number + 1))
    printf '\n\033[1m== Step %d: %s\033[0m\n' "$step_number" "$1"
    [ -z "${2:-}" ] || printf '   %s\n' "$2"
}

show() { printf '\033[36m$ %s\033[0m\n' "$1"; }

fail() { printf '\ndemo: step %d failed: %s\n' "$step_number" "$1" >&2; exit 1; }

quoted() { # the arguments as a shell would need them typed
    local out="" arg
    for arg in "$@"; do
        if [[ $arg =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then out+=" $arg"; else out+=" $(printf '%q' "$arg")"; fi
    done
    printf '%s' "${out# }"
}

run() { # run COMMAND ARGS…: must succeed
    show "$(quoted "$@")"
    "$@" || fail "'$(quoted "$@")' exited with $?"
}

shell() { # shell 'pipeline': a shell line shown verbatim; must succeed
    show "$1"
    bash -o pipefail -c "$1" || fail "'$1' exited with $?"
}

refused() { # refused COMMAND ARGS…: the story expects exit status 1 here
    show "$(quoted "$@")"
    local status=0
    "$@" || status=$?
    [ "$status" -eq 1 ] || fail "expected a refusal (exit 1), got exit $status"
    printf '   (exit 1: refused, as expected)\n'
}

# The text of the Customer rating block of a rendered order page, one line per line of the block.
rating_block() {
    sed -n '/class="sidebar-row customer-reliability"/,/<\/div>/p' "$1" | sed -e 's/<[^>]*>//g' -e 's/^ *//' -e '/^$/d'
}
export -f rating_block

# ---- the simulator of checkclient.ru, stopped however the demo ends ------------------------------

simulator_pid=""
cleanup() {
    if [ -n "$simulator_pid" ]; then kill "$simulator_pid" 2>/dev/null || true; wait "$simulator_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_simulator() { # start_simulator PARTNER SECRET: sets CHECKCLIENT_URL
    # A coprocess: its standard input is a pipe only this script holds (bash keeps it from the
    # commands it runs), so if the script dies, even by kill -9, the simulator reads end of file
    # and exits by itself (--exit-on-stdin-eof). It prints the port it found free on its first line.
    coproc SIMULATOR { exec python3 "$simulator" --partner-code "$1" --secret "$2" --exit-on-stdin-eof 2>"$demo/simulator.err"; }
    simulator_pid=$SIMULATOR_PID
    local port
    read -t 10 -r port <&"${SIMULATOR[0]}" || fail "the simulator printed no port: $(cat "$demo/simulator.err")"
    export CHECKCLIENT_URL="http://127.0.0.1:$port"
}

# ---- the story -----------------------------------------------------------------------------------

printf '\033[1mThe Customer reliability add-on, end to end\033[0m\n'
printf 'Every command below runs against the store in %s (ADDONHOST_STORE=%s).\n' "$demo/store" "$ADDONHOST_STORE"
mkdir -p "$demo"
rm -rf "$demo/store" "$demo/store-after-init" "$demo"/*.html "$demo"/*.tgz "$demo"/*.sql

step "A shop owner starts with a store full of customers and orders" \
    "A fresh CS-Cart-like store with sample data, so that the statistics have something to count."
run addonhost init --sample-data --orders 3000 --seed 1 --force
# Kept aside to prove at the end that uninstalling leaves nothing behind.
cp -a "$demo/store" "$demo/store-after-init"

step "The developer builds the package archive" \
    "CS-Cart add-ons travel as archives that an admin uploads; this is the one the marketplace would ship."
run addonhost addon pack addons/customer_reliability --out "$demo/customer_reliability.tgz"
shell "tar tzf $demo/customer_reliability.tgz"

step "The developer validates the package before anyone installs it" \
    "Every problem of the manifest, the .po files and the templates, at its file, line and column, named inside the archive."
run addonhost addon validate "$demo/customer_reliability.tgz"

step "The admin installs the archive, as CS-Cart's Manual installation does" \
    "Extracted safely into the store, manifest checked, tables created, settings and texts imported."
run addonhost addon install "$demo/customer_reliability.tgz"
run addonhost addon list

step "The admin turns the Black List service on, forgetting the credentials" \
    "The add-on's own rule: partner code and request signature are mandatory when the service is on. Both are named, nothing is saved."
refused addonhost settings set customer_reliability checkclient_active=Y
run addonhost settings get customer_reliability checkclient_active

step "The admin activates the service with the partner code and the request signature" \
    "checkclient.ru is played by its simulator on a free local port: CHECKCLIENT_URL wins over the hidden Service address setting. The signature is given as env:NAME: the store keeps the reference, the secret stays in the environment and is never printed."
start_simulator DEMO-PARTNER demo-signature-secret
printf '   The simulator listens on %s\n' "$CHECKCLIENT_URL"
export CHECKCLIENT_SIGNATURE=demo-signature-secret
show 'export CHECKCLIENT_SIGNATURE=…   # the secret, from wherever the shop keeps secrets'
run addonhost settings set customer_reliability checkclient_active=Y partner_code=DEMO-PARTNER request_signature=env:CHECKCLIENT_SIGNATURE
run addonhost settings list customer_reliability
[[ $(addonhost settings list customer_reliability) == *"Connection status"*": Successfully connected to checkclient.ru"* ]] ||
    fail "the connection status line does not say 'Successfully connected to checkclient.ru'"
if grep -rq demo-signature-secret "$demo/store"; then fail "the signature was written into the store"; fi

step "A manager opens an order and checks the customer with one click" \
    "A paid order of a registered customer with a phone number, with a canceled order and none unfinished (picked from the store with sqlite3)."
query="SELECT o.order_id FROM cscart_orders o WHERE o.user_id > 0 AND o.status IN ('P', 'C') AND o.phone LIKE '+7 (%'
  AND (SELECT count(*) FROM cscart_orders x WHERE x.user_id = o.user_id AND x.status = 'I') > 0
  AND (SELECT count(*) FROM cscart_orders x WHERE x.user_id = o.user_id AND x.status IN ('N', 'D', 'F')) = 0
  ORDER BY o.order_id LIMIT 1"
shell "sqlite3 -header -column $demo/store/store.db \"SELECT order_id, user_id, phone, status FROM cscart_orders WHERE order_id = ($query)\""
order=$(sqlite3 "$demo/store/store.db" "$query")
[ -n "$order" ] || fail "no order in the sample data fits"
run addonhost reliability check "$order"

step "The manager clicks again: the saved result is shown, not paid for twice" \
    "Each check costs money: a saved check is reused; even --refresh right after a check (within a minute) is not paid again."
run addonhost reliability check "$order"
run addonhost reliability check "$order" --refresh --json

step "The order page, in English and in Russian" \
    "The Customer rating block in the order sidebar: the store's statistics and the Black List status, rendered through the add-on's hook template."
run addonhost render order "$order" --lang en --out "$demo/order-en.html"
run addonhost render order "$order" --lang ru --out "$demo/order-ru.html"
shell "rating_block $demo/order-en.html"
shell "rating_block $demo/order-ru.html"

step "The admin switches on \"Show empty params\" and the order page changes with it" \
    "Off: statistics lines that are zero are hidden. On: every line is shown, zeros included."
run addonhost settings set customer_reliability show_empty_params=Y
run addonhost render order "$order" --lang en --out "$demo/order-en-show-empty.html"
show "diff $demo/order-en.html $demo/order-en-show-empty.html"
if diff "$demo/order-en.html" "$demo/order-en-show-empty.html"; then fail "the page did not change"; fi
run addonhost settings set customer_reliability show_empty_params=N
run addonhost render order "$order" --lang en --out "$demo/order-en-hide-empty.html"
shell "cmp $demo/order-en.html $demo/order-en-hide-empty.html && echo 'Switched off again: the page is as it was.'"

step "A translator improves a Russian text in the store's .po file and syncs it" \
    "The block's title \"Рейтинг покупателя\" becomes \"Оценка надёжности\"; lang sync re-imports the .po without reinstalling."
po="$demo/store/var/langs/ru/addons/customer_reliability.po"
shell "grep -n -B 2 'msgstr \"Рейтинг покупателя\"' $po"
shell "sed -i 's/^msgstr \"Рейтинг покупателя\"\$/msgstr \"Оценка надёжности\"/' $po"
shell "grep -n -B 2 'msgstr \"Оценка надёжности\"' $po"
run addonhost lang sync customer_reliability
run addonhost render order "$order" --lang ru --out "$demo/order-ru-translated.html"
shell "rating_block $demo/order-ru-translated.html"
grep -q '<h6>Оценка надёжности</h6>' "$demo/order-ru-translated.html" || fail "the new Russian text is not on the page"

step "The shop owner uninstalls the add-on, and nothing is left" \
    "Its settings, texts, table, hook and files go; the store is as it was right after step 1."
run addonhost addon uninstall customer_reliability
run addonhost addon list
shell "sqlite3 $demo/store/store.db \"SELECT 'addons', count(*) FROM cscart_addons WHERE addon = 'customer_reliability'
  UNION ALL SELECT 'settings', count(*) FROM cscart_settings_objects WHERE name IN ('show_empty_params', 'checkclient_active', 'partner_code', 'request_signature')
  UNION ALL SELECT 'language values', count(*) FROM cscart_language_values WHERE name LIKE 'customer_reliability%'
  UNION ALL SELECT 'tables', count(*) FROM sqlite_master WHERE name LIKE '%customer_reliability%'\""
shell "find $demo/store -path '*customer_reliability*' | wc -l"
# The operation journal keeps its record of the install and uninstall: that history is the point.
dump() { sqlite3 "$1/store.db" .dump | grep -v -e '^INSERT INTO addonhost_operations ' -e "^INSERT INTO sqlite_sequence VALUES('addonhost_operations'"; }
dump "$demo/store-after-init" >"$demo/after-init.sql"
dump "$demo/store" >"$demo/after-uninstall.sql"
shell "diff $demo/after-init.sql $demo/after-uninstall.sql && echo 'Database: identical to the store after step 1 (but for the operation journal).'"
shell "diff <(cd $demo/store-after-init && find . ! -name 'store.db*' | sort) <(cd $demo/store && find . ! -name 'store.db*' | sort) && echo 'Files: identical to the store after step 1.'"

step "Where to look" ""
for page in order-en order-ru order-en-show-empty order-ru-translated; do
    printf '   %s\n' "$root/$demo/$page.html"
done
printf '\nThe demo finished: every step did what the story says.\n'
