#!/bin/sh
# Lighthouse (desktop and mobile) on pages of a running server, logged in; see README, Lighthouse.
# usage: bench/lighthouse.sh BASE_URL OUTDIR USERNAME PATH...
# Run from the checkout with the server's environment (DATABASE_URL, DJANGO_SETTINGS_MODULE, ...):
# the session is made for USERNAME in that database. Needs `npm install --no-save lighthouse@12`
# (or LIGHTHOUSE=/path/to/lighthouse).
set -e
BASE=$1; OUT=$2; USERNAME=$3; shift 3
mkdir -p "$OUT"
SESSION=$(.venv/bin/python manage.py shell -v 0 -c "
from django.contrib.auth import get_user_model
from django.test import Client
client = Client()
client.force_login(get_user_model().objects.get(username='$USERNAME'))
print(client.cookies['sessionid'].value)" | tail -1)
# Chromium keeps the session cookie in its own jar: a Cookie header given with --extra-headers
# is replaced by the jar's cookies once the page sets the CSRF cookie, and the charts would then
# be answered with the login page.
DEBUG_PORT=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
rm -rf "$OUT/profile"
/usr/bin/chromium --headless=new --no-sandbox --disable-gpu --remote-debugging-port="$DEBUG_PORT" \
  --user-data-dir="$OUT/profile" about:blank > "$OUT/chromium.log" 2>&1 &
CHROMIUM_PID=$!
trap 'kill $CHROMIUM_PID' EXIT
sleep 3
.venv/bin/python - "$DEBUG_PORT" "$BASE" "$SESSION" <<'PY'
import sys

from playwright.sync_api import sync_playwright

port, base, session = sys.argv[1:]
with sync_playwright() as playwright:
    browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
    browser.contexts[0].add_cookies([{"name": "sessionid", "value": session, "url": base}])
PY
for path in "$@"; do
  name=$(echo "$path" | tr '/?=&' '____')
  for preset in desktop mobile; do
    extra=""; [ "$preset" = desktop ] && extra="--preset=desktop"
    ${LIGHTHOUSE:-npx --no-install lighthouse} "$BASE$path" $extra --port="$DEBUG_PORT" --disable-storage-reset \
      --only-categories=performance,accessibility,best-practices --output=json \
      --output-path="$OUT/$name-$preset.json" --quiet || { echo "$path $preset: Lighthouse failed, run it again"; continue; }
    node -e '
      const report = require(process.argv[1]);
      const score = name => Math.round(report.categories[name].score * 100);
      const audit = name => report.audits[name].numericValue;
      const loggedOut = report.audits["network-requests"].details.items.some(r => r.url.includes("/inloggen/"));
      console.log([process.argv[2], process.argv[3], "performance", score("performance"), "accessibility",
        score("accessibility"), "best-practices", score("best-practices"), "CLS", audit("cumulative-layout-shift").toFixed(3),
        "LCP", Math.round(audit("largest-contentful-paint")), "TBT", Math.round(audit("total-blocking-time")),
        loggedOut ? "LOGGED OUT: not valid" : ""].join(" "));
    ' "$OUT/$name-$preset.json" "$path" "$preset"
  done
done
