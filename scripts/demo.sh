#!/usr/bin/env bash
# The demo behind ./run-demo and `npm run demo`: starts a local Kafka (one SASL/SCRAM broker with ACLs enforced)
# and Apicurio Registry, runs kgov against examples/ with the `dev` environment, and stops everything on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

# The examples' dev environment points at 127.0.0.1:19092 and the registry at 127.0.0.1:18081.
export KGOV_INFRA_DIR="$PWD/.demo-run"
export KGOV_KAFKA4_PORT_BASE=19091
export KGOV_REGISTRY_PORT=18081
export KGOV_DEV_PASSWORD=admin-secret

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
kgov() { node bin/kgov.js "$@"; }

trap 'step "stopping the local servers"; bash scripts/infra.sh stop all' EXIT

step "fetching Kafka and Apicurio from Maven Central (cached after the first run)"
bash scripts/infra.sh fetch
step "starting Kafka $(grep -o '<kafka.version>[^<]*' test-infra/pom.xml | head -1 | sed 's/.*>//') (KRaft, SASL/SCRAM, ACLs) and Apicurio Registry"
bash scripts/infra.sh start single --kafka 4
bash scripts/infra.sh start registry

step "kgov validate -f examples --env dev"
kgov validate -f examples --env dev

step "kgov cluster check (as the SCRAM user admin)"
KGOV_SASL_PASSWORD=admin-secret kgov cluster check --bootstrap-server 127.0.0.1:19092 \
  --sasl-mechanism SCRAM-SHA-256 --sasl-username admin

# The dev environment's kafka block (examples/kgov.yaml) holds the connection: 127.0.0.1:19092, SCRAM user admin,
# password "${env:KGOV_DEV_PASSWORD}" (exported above). No connection flags are needed.
step "kgov plan -f examples --env dev   (what would change: every topic is new)"
kgov plan -f examples --env dev

step "kgov apply -f examples --env dev --auto-approve"
kgov apply -f examples --env dev --auto-approve

step "kgov plan -f examples --env dev --detailed-exitcode   (the cluster now matches: No changes., exit 0)"
kgov plan -f examples --env dev --detailed-exitcode

step "registry health: GET /apis/ccompat/v7/subjects"
node -e 'fetch("http://127.0.0.1:18081/apis/ccompat/v7/subjects").then(async (r) => { console.log(r.status, await r.text()); process.exit(r.ok ? 0 : 1); })'
