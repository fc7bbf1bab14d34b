import type { DesiredState } from "../../../src/core/model/desired.js";
import { desiredState } from "./builders.js";

/**
 * The desired side of each golden case (the observed side is golden/<case>/observed.json). Built directly rather than
 * through YAML so the planner's output does not depend on the loader; lines only feed the `source` fields.
 */
export interface GoldenCase {
  readonly name: string;
  readonly desired: DesiredState;
  readonly allowDelete: boolean;
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
];
