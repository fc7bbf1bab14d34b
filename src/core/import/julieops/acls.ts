import type { SourceRange } from "../../diagnostics/index.js";
import {
  bindingKey,
  type AclBinding,
  type AclOperation,
  type AclPatternType,
  type AclResourceType,
} from "../../model/acl.js";
import type { EstateBinding } from "../estate.js";
import type { JulieConnector, JulieConsumer, JulieProducer, JulieStreams } from "./model.js";

/** The literal resource name JulieOps (and Kafka) use for cluster-level bindings. */
const CLUSTER = "kafka-cluster";

export const CONNECT_DEFAULTS = {
  group: "connect-cluster",
  statusTopic: "connect-status",
  offsetTopic: "connect-offsets",
  configsTopic: "connect-configs",
} as const;

/** Collects bindings once each (JulieOps keeps them in a set), each with the place that first asked for it. */
export class BindingSet {
  private readonly byKey = new Map<string, EstateBinding>();

  add(
    principal: string,
    resourceType: AclResourceType,
    resourceName: string,
    patternType: AclPatternType,
    operations: readonly AclOperation[],
    source: SourceRange,
  ): void {
    for (const operation of operations) {
      const binding: AclBinding = {
        principal,
        host: "*",
        resourceType,
        resourceName,
        patternType,
        operation,
        permission: "allow",
      };
      const key = bindingKey(binding);
      if (!this.byKey.has(key)) this.byKey.set(key, { binding, source });
    }
  }

  list(): EstateBinding[] {
    return [...this.byKey.values()];
  }
}

/** JulieOps reads a group or transactional id ending in `*` (and longer than `*` alone) as a prefix. */
function pattern(name: string): { resourceName: string; patternType: AclPatternType } {
  return name.length > 1 && name.endsWith("*")
    ? { resourceName: name.slice(0, -1), patternType: "prefixed" }
    : { resourceName: name, patternType: "literal" };
}

/** Consumer of one topic (the default, non-optimized ACLs): describe and read on the topic, read on its group. */
export function consumerBindings(set: BindingSet, consumer: JulieConsumer, topic: string): void {
  set.add(consumer.principal, "topic", topic, "literal", ["describe", "read"], consumer.at);
  const group = pattern(consumer.group ?? "*");
  set.add(consumer.principal, "group", group.resourceName, group.patternType, ["read"], consumer.at);
}

/** Producer of one topic: describe and write; its transactional id; idempotent-write when either field is set. */
export function producerBindings(set: BindingSet, producer: JulieProducer, topic: string): void {
  set.add(producer.principal, "topic", topic, "literal", ["describe", "write"], producer.at);
  if (producer.transactionId !== undefined) {
    const id = pattern(producer.transactionId);
    set.add(
      producer.principal,
      "transactional-id",
      id.resourceName,
      id.patternType,
      ["describe", "write"],
      producer.at,
    );
  }
  if (producer.transactionId !== undefined || producer.idempotenceSet) {
    set.add(producer.principal, "cluster", CLUSTER, "literal", ["idempotent-write"], producer.at);
  }
}

/**
 * A Streams application: read / write on its topics as written, everything on the topics under its prefix
 * (internal topics), read on the groups under it, and with exactly-once its transactional ids. Observers may
 * read and describe the internal topics and read the groups.
 */
export function streamsBindings(
  set: BindingSet,
  app: JulieStreams,
  prefix: string,
): { observerTransactionsSkipped: boolean } {
  const { principal, at } = app;
  for (const topic of app.read) set.add(principal, "topic", topic, "literal", ["read"], at);
  for (const topic of app.write) set.add(principal, "topic", topic, "literal", ["write"], at);
  set.add(principal, "topic", prefix, "prefixed", ["all"], at);
  set.add(principal, "group", prefix, "prefixed", ["read"], at);
  for (const observer of app.observers) {
    set.add(observer, "topic", prefix, "prefixed", ["read", "describe"], at);
    set.add(observer, "group", prefix, "prefixed", ["read"], at);
  }
  if (!app.exactlyOnce) return { observerTransactionsSkipped: false };
  set.add(principal, "transactional-id", prefix, "prefixed", ["write", "describe"], at);
  // JulieOps also asks for read on the transactional ids, an operation Kafka does not have for them.
  for (const observer of app.observers) set.add(observer, "transactional-id", prefix, "prefixed", ["describe"], at);
  return { observerTransactionsSkipped: app.observers.length > 0 };
}

/**
 * A Connect worker: read and write on its three storage topics, create on the cluster (the default
 * `topology.connector.allow.topic.create=true`), read on its group, and read / write on the connectors' topics.
 */
export function connectorBindings(set: BindingSet, connector: JulieConnector): void {
  const { principal, at } = connector;
  const storage = [
    connector.statusTopic ?? CONNECT_DEFAULTS.statusTopic,
    connector.offsetTopic ?? CONNECT_DEFAULTS.offsetTopic,
    connector.configsTopic ?? CONNECT_DEFAULTS.configsTopic,
  ];
  for (const topic of storage) set.add(principal, "topic", topic, "literal", ["read", "write"], at);
  set.add(principal, "cluster", CLUSTER, "literal", ["create"], at);
  set.add(principal, "group", connector.group ?? CONNECT_DEFAULTS.group, "literal", ["read"], at);
  for (const topic of connector.read) set.add(principal, "topic", topic, "literal", ["read"], at);
  for (const topic of connector.write) set.add(principal, "topic", topic, "literal", ["write"], at);
}
