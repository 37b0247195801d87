#!/bin/sh
# Puts the shipped hook template into every case here and re-renders the expected HTML with real
# Smarty (../shared/oracles/smarty-render). Run after changing the template; review the diff.
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
for case in "$here"/*.json; do
  python3 - "$case" "$root/addons/customer_reliability/design/backend/templates" <<'PY'
import json, sys
path, templates = sys.argv[1], sys.argv[2]
case = json.load(open(path))
case["templates"] = {name: open(f"{templates}/{name}").read() for name in case["templates"]}
open(path, "w").write(json.dumps(case, ensure_ascii=False, indent=2) + "\n")
PY
  php "$root/../shared/oracles/smarty-render" "$case" > "${case%.json}.html"
done
