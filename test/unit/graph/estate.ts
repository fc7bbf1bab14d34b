import type { DesiredState } from "../../../src/core/model/desired.js";
import type { DesiredSubject } from "../../../src/core/model/subjects.js";
import { desiredStateOf } from "../../helpers/desired-state.js";

/** A small estate: a producer, two consumers (one by prefix), a dead-letter loop and a raw ACL principal. */
export function smallEstate(): { desired: DesiredState; subjects: DesiredSubject[] } {
  const { state, diagnostics } = desiredStateOf({
    "kgov.yaml": `version: 1
topics:
  shop.orders.v1:
    partitions: 6
    replicationFactor: 3
    config:
      retention.ms: 604800000
      cleanup.policy: delete
  shop.orders.dlt.v1:
    partitions: 1
    replicationFactor: 3
services:
  order-service:
    principal: User:svc-order
    produces: [shop.orders.v1]
    groups: [shop.order-service]
  audit-service:
    principal: User:svc-audit
    consumes:
      - prefix: shop.orders.
      - prefix: legacy.
    groups: [shop.audit-service]
  payment-service:
    principal: User:svc-payment
    consumes: [shop.orders.v1, shop.orders.dlt.v1]
    produces: [shop.orders.dlt.v1]
    groups: [shop.payment-service]
acls:
  - principal: "User:bi-<team>"
    resource: { type: topic, name: shop.orders.v1 }
    operations: [read]
`,
  });
  if (diagnostics.some((d) => d.severity === "error")) throw new Error(JSON.stringify(diagnostics, null, 2));
  const subjects: DesiredSubject[] = [
    {
      name: "shop.orders.v1-value",
      schemaType: "AVRO",
      file: "schemas/order.avsc",
      schema: "{}",
      references: [],
      compatibility: "BACKWARD",
      declaredBy: { kind: "topic", topic: "shop.orders.v1", role: "value" },
      source: { file: "kgov.yaml", start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
    },
  ];
  return { desired: state, subjects };
}
