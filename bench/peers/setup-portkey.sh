#!/usr/bin/env bash
# Installs the Portkey AI gateway from the npm registry for `pnpm bench --peers bench/peers.json`.
# Into $PEERS_DIR/portkey (default: <tmp>/router-bench-peers/portkey), outside the repository.
# Portkey 1.15.2 with @hono/node-server ≥ 1.19 fails every streaming request ("TypeError:
# immutable", Portkey-AI/gateway#1389); 1.14.1 works, so it is pinned with an npm override.
set -euo pipefail
PEERS=${PEERS_DIR:-${TMPDIR:-/tmp}/router-bench-peers}
mkdir -p "$PEERS/portkey"
cd "$PEERS/portkey"
[ -f package.json ] || npm init -y >/dev/null
node -e "const fs=require('fs');const p=JSON.parse(fs.readFileSync('package.json','utf8'));p.overrides={'@hono/node-server':'1.14.1'};fs.writeFileSync('package.json',JSON.stringify(p,null,2))"
npm install --no-audit --no-fund @portkey-ai/gateway@1.15.2
echo "Portkey installed in $PEERS/portkey; run: pnpm bench --peers bench/peers.json"
