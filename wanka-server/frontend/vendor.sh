#!/usr/bin/env bash
# Copies the dashboard's front-end libraries, at the versions package-lock.json pins, with their
# licences, into the server's resources (src/main/resources/dashboard/vendor). The copies are
# committed: building Wanka needs no Node and the dashboard fetches nothing from elsewhere. Run
# this after changing package.json (then `npm install` to update the lockfile), and commit both.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --ignore-scripts --no-audit --no-fund
out=../src/main/resources/dashboard/vendor
rm -rf "$out"
mkdir -p "$out/uplot"
cp node_modules/uplot/dist/uPlot.iife.min.js node_modules/uplot/dist/uPlot.min.css \
  node_modules/uplot/LICENSE "$out/uplot/"
{
  echo "# Vendored front-end libraries"
  echo
  echo "Written by wanka-server/frontend/vendor.sh from the npm registry, at the versions"
  echo "wanka-server/frontend/package-lock.json pins. Do not edit; run the script."
  echo
  echo "| package | version | licence | files |"
  echo "|---|---|---|---|"
  for package in uplot; do
    node -e "
      const p = require('./node_modules/$package/package.json');
      const files = require('fs').readdirSync('$out/$package').join(', ');
      console.log('| ' + p.name + ' | ' + p.version + ' | ' + p.license + ' (' + '$package/LICENSE) | ' + files + ' |');
    "
  done
} > "$out/README.md"
echo "vendored into $out:"
cat "$out/README.md"
