#!/usr/bin/env bash
# The demo behind ./run-demo and `npm run demo`: starts a local Kafka (one SASL/SCRAM broker with ACLs enforced)
# and Apicurio Registry, runs kgov against examples/ with the `dev` environment, and stops everything on exit.
# It shows a service's user refused before `kgov apply` and allowed after it (scripts/demo-access.mjs), and fails
# if either does not happen.
set -euo pipefail
cd "$(dirname "$0")/.."

# The examples' dev environment points at 127.0.0.1:19092 and the registry at 127.0.0.1:18081.
export KGOV_INFRA_DIR="$PWD/.demo-run"
export KGOV_KAFKA4_PORT_BASE=19091
export KGOV_REGISTRY_PORT=18081
export KGOV_DEV_PASSWORD=admin-secret

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
kgov() { node bin/kgov.js "$@"; }
# Acts as a Kafka user (SCRAM, password "<name>-secret") and exits non-zero unless the broker answers as --expect says.
access() { node scripts/demo-access.mjs "$@"; }

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

# Two of the example services (examples/services.yaml) get a login: order-service writes
# shop.orders.order-confirmed.v1, audit-service reads every shop.orders. topic as group shop.audit-service.
# Nothing grants them anything yet, and the broker denies whatever no ACL allows.
confirmed=shop.orders.order-confirmed.v1
step "create SCRAM credentials for User:svc-order and User:svc-audit (as admin, AlterUserScramCredentials)"
access add-user svc-order
access add-user svc-audit

step "before apply: User:svc-audit tries to consume $confirmed, which it declares (no ACL yet)"
access consume --user svc-audit --topic "$confirmed" --group shop.audit-service --expect refused

# The dev environment's kafka block (examples/kgov.yaml) holds the connection: 127.0.0.1:19092, SCRAM user admin,
# password "${env:KGOV_DEV_PASSWORD}" (exported above). No connection flags are needed.
step "kgov plan -f examples --env dev   (every topic is new; the services' and raw ACL bindings, access summary)"
kgov plan -f examples --env dev

step "kgov apply -f examples --env dev --auto-approve   (topics, ACL bindings, then the schemas)"
kgov apply -f examples --env dev --auto-approve

step "after apply: User:svc-order produces one record to $confirmed, User:svc-audit consumes it"
record="order 42 confirmed at $(date -u +%FT%TZ)"
access produce --user svc-order --topic "$confirmed" --value "$record" --expect allowed
access consume --user svc-audit --topic "$confirmed" --group shop.audit-service --value "$record" --expect allowed

step "still least privilege: User:svc-audit may not write $confirmed, nor read a topic outside shop.orders."
access produce --user svc-audit --topic "$confirmed" --value "forged" --expect refused
access consume --user svc-audit --topic shop.payments.order-payment-processed.v1 --group shop.audit-service \
  --expect refused

step "kgov plan -f examples --env dev --detailed-exitcode   (cluster and registry now match: No changes., exit 0)"
kgov plan -f examples --env dev --detailed-exitcode

step "the registry now holds every example schema (GET /apis/ccompat/v7/subjects)"
node -e 'fetch("http://127.0.0.1:18081/apis/ccompat/v7/subjects").then(async (r) => { console.log(r.status, await r.text()); process.exit(r.ok ? 0 : 1); })'

# A pull request that breaks a schema: a required field without a default in OrderConfirmed. Consumers on the
# BACKWARD subject would read old records with the new schema and find no value for it.
broken="$(mktemp -d)"
cp -r examples/. "$broken/"
node -e '
  const fs = require("node:fs");
  const file = process.argv[1];
  const schema = JSON.parse(fs.readFileSync(file, "utf8"));
  schema.fields.push({ name: "loyaltyTier", type: "string" });
  fs.writeFileSync(file, JSON.stringify(schema, null, 2));
' "$broken/schemas/order-confirmed.avsc"
step "a breaking change in CI: kgov schema test-compat --env dev   (the registry and kgov refuse it, exit 3)"
set +e
kgov schema test-compat -f "$broken" --env dev
status=$?
step "kgov apply on the same change refuses it too (nothing is registered)"
kgov apply -f "$broken" --env dev --auto-approve
apply_status=$?
set -e
rm -rf "$broken"
if [ "$status" -ne 3 ] || [ "$apply_status" -eq 0 ]; then
  echo "demo: the incompatible change was not refused (test-compat exit $status, apply exit $apply_status)" >&2
  exit 1
fi
