import type { DesiredState } from "../../../src/core/model/desired.js";
import type { GroupUsage } from "../../../src/core/model/observed.js";
import { desiredAcl, desiredState, withAcls } from "./builders.js";

/**
 * The desired side of each golden case (the observed side is golden/<case>/observed.json). Built directly rather than
 * through YAML so the planner's output does not depend on the loader; lines only feed the `source` fields.
 */
export interface GoldenCase {
  readonly name: string;
  readonly desired: DesiredState;
  readonly allowDelete: boolean;
  /** What the live-usage lookup answers (app/plan.ts planWithUsage), when the case exercises it. */
  readonly usage?: readonly GroupUsage[];
}

export const GOLDEN_CASES: readonly GoldenCase[] = [
  {
    // every kind of action on a rack-aware cluster, with --allow-delete
    name: "changes",
    allowDelete: true,
    desired: desiredState(
      {
        "shop.orders.v1": {
          line: 3,
          partitions: 12,
          replicationFactor: 3,
          config: { "cleanup.policy": "compact", "min.insync.replicas": 2 },
        },
        "shop.payments.v2": {
          line: 10,
          partitions: 6,
          replicationFactor: 3,
          config: { "retention.ms": 86400000, "cleanup.policy": "delete", "max.message.bytes": 2097152 },
        },
        "shop.audit": {
          line: 18,
          partitions: 4,
          replicationFactor: 3,
          config: { "retention.ms": -1, "min.insync.replicas": 2 },
        },
      },
      { topicPrefixes: ["shop."] },
    ),
  },
  {
    // the cluster already matches; _schemas (internal) is ignored
    name: "no-changes",
    allowDelete: false,
    desired: desiredState(
      {
        "orders.v1": {
          partitions: 3,
          replicationFactor: 3,
          config: { "cleanup.policy": "compact", "min.insync.replicas": 2 },
        },
        "orders.dlq": { line: 8, partitions: 1, replicationFactor: 3, config: { "retention.ms": "1209600000" } },
      },
      { topicPrefixes: ["orders."] },
    ),
  },
  {
    // impossible changes (errors), a reassignment in progress, risky changes and a blocked deletion
    name: "problems",
    allowDelete: false,
    desired: desiredState(
      {
        "billing.invoices": {
          line: 3,
          partitions: 4,
          replicationFactor: 2,
          config: { "retention.ms": 2592000000, "cleanup.policy": "compact,delete", "min.insync.replicas": 2 },
        },
        "billing.events": { line: 12, partitions: 1, replicationFactor: 4 },
        "billing.ledger": { line: 16, partitions: 1, replicationFactor: 2 },
        "billing.new": { line: 20, partitions: 3, replicationFactor: 3, config: { "min.insync.replicas": 4 } },
      },
      { topicPrefixes: ["billing."] },
    ),
  },
  {
    // services (producer, consumer, groups, transactional ids, a Streams app, a prefixed reference) and raw entries:
    // grants, a revoke with live usage, a removed DENY, and an unmanaged principal, with --allow-delete
    name: "acls",
    allowDelete: true,
    usage: [{ group: "shop.order-service", state: "Stable", members: 3, committedTopics: ["shop.legacy.orders.v0"] }],
    desired: withAcls(
      desiredState(
        {
          "shop.orders.order-validated.v1": {
            partitions: 2,
            replicationFactor: 3,
            config: { "min.insync.replicas": 2 },
          },
          "shop.basket.order-requested.v1": {
            partitions: 1,
            replicationFactor: 3,
            config: { "min.insync.replicas": 2 },
          },
        },
        { topicPrefixes: ["shop."] },
      ),
      {
        principals: ["User:svc-"],
        services: {
          "order-service": {
            principal: "User:svc-order",
            consumes: ["shop.basket.order-requested.v1"],
            produces: ["shop.orders.order-validated.v1"],
            groups: ["shop.order-service"],
            transactionalIds: ["shop.order-service"],
          },
          "email-service": { principal: "User:svc-email", consumes: [{ prefix: "shop.orders." }] },
          "order-analytics": { principal: "User:svc-analytics", streams: { applicationId: "shop.order-analytics" } },
        },
        acls: [
          desiredAcl({
            principal: "User:svc-ops-console",
            resourceType: "topic",
            resourceName: "shop.",
            patternType: "prefixed",
            operations: ["describe", "describe-configs"],
            line: 4,
          }),
          desiredAcl({
            principal: "User:svc-order",
            resourceType: "topic",
            resourceName: "shop.orders.order-validated.v1",
            operations: ["describe"],
            line: 12,
          }),
        ],
      },
    ),
  },
];
