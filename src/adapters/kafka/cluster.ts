import type * as KafkaModule from "@platformatic/kafka";
import type { Admin, AdminOptions, Connection } from "@platformatic/kafka";
import type { ConnectionSettings } from "../../core/connection/index.js";
import type { Diagnostic } from "../../core/diagnostics/index.js";
import type { AclBinding } from "../../core/model/acl.js";
import type {
  GroupUsage,
  ObservedAcls,
  ObservedBroker,
  ObservedCluster,
  UsageQuery,
  ObservedConfigEntry,
  ObservedPartition,
  ObservedTopic,
} from "../../core/model/observed.js";
import {
  KafkaPortError,
  type AclOutcome,
  type BrokerInfo,
  type ClusterInfo,
  type KafkaClusterFactory,
  type KafkaClusterOptions,
  type KafkaClusterPort,
  type NewTopic,
  type PartitionsIncrease,
  type TopicConfigChange,
  type TopicOutcome,
} from "../../ports/kafka.js";
import {
  aclFailureDiagnostic,
  ANY_ACL_FILTER,
  authorizerDisabledDiagnostic,
  bindingFromWire,
  bindingToWire,
} from "./acls.js";
import { describeTopicConfigs, type DescribedTopic } from "./describe-configs.js";
import { ExtraLanes, spreadDescribe } from "./spread.js";
import { classifyKafkaError, requestOutcomeUnknown, settleAll } from "./errors.js";
import { describeAction, describeConfigsDenied, topicFailureDiagnostic, type TopicAction } from "./topics.js";
import { loadTlsMaterial, nodeTlsOptions, shouldSendServerName, type FileReader, type PemMaterial } from "./tls.js";

type KafkaLibrary = typeof KafkaModule;

let library: Promise<KafkaLibrary> | undefined;

/**
 * Loads @platformatic/kafka on first use. It costs a few hundred milliseconds at import (it compiles its option
 * schemas), so commands that never talk to Kafka (--help, validate) must never reach this.
 */
export function loadKafkaLibrary(): Promise<KafkaLibrary> {
  library ??= import("@platformatic/kafka");
  return library;
}

/**
 * Retries inside one call: enough to ride out a blip, not enough to stall. The library nests retries (metadata retries
 * listApis, which retries too), so one retry already means up to four attempts.
 */
const RETRIES = 1;
const RETRY_DELAY_MS = 200;
/** Socket-level errors kept for classification (the library reports them only as "Connection closed"). */
const SOCKET_ERRORS_KEPT = 10;
/** Closing never waits longer than this; a broker that does not answer a FIN must not keep kgov alive. */
const CLOSE_TIMEOUT_MS = 2_000;

/**
 * Maps resolved settings (plus PEM text already read) onto @platformatic/kafka Admin options. Credentials are passed
 * as provider functions, so the options object itself holds no secret.
 */
export function buildAdminOptions(settings: ConnectionSettings, tls?: PemMaterial): AdminOptions {
  const servers = settings.bootstrapServers;
  // Each bootstrap server gets its share of the connect budget, so one silent address cannot starve the others.
  const perSocket = Math.max(1_000, Math.floor(settings.connectTimeoutMs / Math.max(1, servers.length)));
  const sasl = settings.sasl;
  const password = sasl?.password;
  return {
    clientId: settings.clientId,
    bootstrapBrokers: servers.map((b) => ({ host: b.host, port: b.port })),
    connectTimeout: Math.min(perSocket, settings.connectTimeoutMs),
    requestTimeout: settings.requestTimeoutMs,
    retries: RETRIES,
    retryDelay: RETRY_DELAY_MS,
    ...(sasl && password
      ? { sasl: { mechanism: sasl.mechanism, username: sasl.username, password: () => password.reveal() } }
      : {}),
    ...(tls
      ? {
          tls: nodeTlsOptions(tls),
          ...(shouldSendServerName(servers.map((b) => b.host)) ? { tlsServerName: true } : {}),
        }
      : {}),
  };
}

export interface OperationSpec {
  /** Verb phrase for messages: "describe the cluster", "list topics". */
  readonly operation: string;
  /** The ACL the operation needs, e.g. "DESCRIBE_CONFIGS on the cluster"; named in authorization failures. */
  readonly requiredPermission?: string;
}

export interface AdapterOptions extends KafkaClusterOptions {
  /** Topics per part of the configs read (./spread.ts; tests lower it to spread a small cluster's read). */
  readonly topicsPerDescribePart?: number;
}

/**
 * The Kafka port over @platformatic/kafka. The first call connects (library load, PEM files, bootstrap, SASL) and must
 * succeed within connectTimeoutMs; each later call gets requestTimeoutMs plus connectTimeoutMs (it may open
 * connections to other brokers). Every failure leaves as a KafkaPortError with a classified diagnostic.
 */
export class PlatformaticKafkaCluster implements KafkaClusterPort {
  readonly #settings: ConnectionSettings;
  readonly #options: AdapterOptions;
  readonly #readFile: FileReader | undefined;
  #admin: Admin | undefined;
  #lanes: ExtraLanes | undefined;
  #lib: KafkaLibrary | undefined;
  #connected: Promise<void> | undefined;
  #isConnected = false;
  #closed = false;
  #failure: KafkaPortError | undefined;
  readonly #socketErrors: unknown[] = [];

  constructor(settings: ConnectionSettings, options: AdapterOptions, readFile?: FileReader) {
    this.#settings = settings;
    this.#options = options;
    this.#readFile = readFile;
  }

  async describeCluster(): Promise<ClusterInfo> {
    await this.#connect();
    return this.run({ operation: "describe the cluster" }, async (admin, lib) => {
      const metadata = await admin.metadata({ topics: [] });
      const brokers: BrokerInfo[] = [...metadata.brokers.entries()]
        .map(([id, b]) => ({ id, host: b.host, port: b.port, rack: b.rack ?? null }))
        .sort((a, b) => a.id - b.id);
      const authorizedOperations = await this.#clusterAuthorizedOperations(admin, lib, brokers);
      return {
        clusterId: metadata.id,
        controllerId: metadata.controllerId,
        brokers,
        ...(authorizedOperations ? { authorizedOperations } : {}),
      };
    });
  }

  /**
   * Sends two rounds of requests however many topics the cluster has (the real tests count them through the
   * library's `plt:kafka:connections:api` diagnostics channel):
   *   1. Metadata v12 for all topics (topics = null): brokers with racks, partitions with replicas, ISR and leader;
   *   2. DescribeConfigs v4 with every topic as a resource: ONE request below 2,000 topics, else up to four parts
   *      sent at once to the brokers and extra connections ./spread.ts picks (any broker answers for topic
   *      resources; the library's Admin.describeConfigs throws away per-resource errors), decoded by
   *      ./describe-configs.ts;
   *   3. ListPartitionReassignments v0 (concurrently with 2).
   * Topics the principal may not DESCRIBE are absent from Metadata, so absent here. Missing DESCRIBE_CONFIGS on a
   * listed topic fails the call (kgov cannot plan configs it cannot read); ListPartitionReassignments needs DESCRIBE
   * on the cluster. A topic deleted between 1 and 2 is left out.
   */
  async observeTopics(): Promise<Omit<ObservedCluster, "acls" | "unrecognisedAcls">> {
    return this.run(
      { operation: "read the topics and their configs", requiredPermission: "DESCRIBE on the cluster" },
      async (admin, lib) => {
        const home = await this.#homeBroker(admin, false);
        const connection = home.connection;
        const metadata = await responseOf(lib.metadataV12.api.async(connection, null, false, false));
        const names = metadata.topics
          .flatMap((t) => (t.name && t.errorCode !== TOPIC_AUTHORIZATION_FAILED ? [t.name] : []))
          .sort();
        const [described, reassigning] = await settleAll<[DescribedTopic[], Set<string>]>([
          names.length > 0 ? this.#describeSpread(admin, lib, home, metadata.brokers, names) : Promise.resolve([]),
          this.#listReassigning(connection, lib),
        ]);

        const configs = new Map<string, Record<string, ObservedConfigEntry>>();
        const denied: string[] = [];
        for (const topic of described) {
          if (topic.errorCode === TOPIC_AUTHORIZATION_FAILED) denied.push(topic.name);
          if (topic.errorCode === 0) configs.set(topic.name, topic.entries);
        }
        if (denied.length > 0) throw new KafkaPortError(describeConfigsDenied(denied.sort(), this.#settings));

        const partitionsByTopic = new Map(metadata.topics.map((t) => [t.name, t.partitions]));
        const topics = new Map<string, ObservedTopic>();
        for (const name of names) {
          const config = configs.get(name);
          if (!config) continue; // deleted since the Metadata request (UNKNOWN_TOPIC_OR_PARTITION)
          const partitions: ObservedPartition[] = (partitionsByTopic.get(name) ?? [])
            .map((p) => ({ id: p.partitionIndex, replicas: p.replicaNodes, isr: p.isrNodes, leader: p.leaderId }))
            .sort((a, b) => a.id - b.id);
          topics.set(name, { name, partitions, config });
        }
        const brokers: ObservedBroker[] = metadata.brokers
          .map((b) => ({ id: b.nodeId, rack: b.rack ?? null }))
          .sort((a, b) => a.id - b.id);
        return { clusterId: metadata.clusterId ?? "", brokers, topics, reassigning };
      },
    );
  }

  /** One CreateTopics v7 request; configs are sent with the topics, so no ALTER_CONFIGS is needed. */
  async createTopics(topics: readonly NewTopic[]): Promise<TopicOutcome[]> {
    if (topics.length === 0) return [];
    return this.run({ operation: "create topics" }, (admin, lib) =>
      this.#batch(
        admin,
        lib,
        "create",
        topics,
        (t) => t.name,
        async (connection, batch) => {
          const response = await responseOf(
            lib.createTopicsV7.api.async(
              connection,
              batch.map((t) => ({
                name: t.name,
                numPartitions: t.partitions,
                replicationFactor: t.replicationFactor,
                assignments: [],
                configs: Object.entries(t.config).map(([name, value]) => ({ name, value })),
              })),
              this.#settings.requestTimeoutMs,
              false,
            ),
          );
          return new Map(response.topics.map((t) => [t.name, { code: t.errorCode, message: t.errorMessage }]));
        },
        // The controller writes a topic record, one per partition and one per config key.
        (t) => 1 + t.partitions + Object.keys(t.config).length,
      ),
    );
  }

  /** One IncrementalAlterConfigs v1 request (SET / DELETE); never the legacy AlterConfigs, which resets other keys. */
  async alterTopicConfigs(changes: readonly TopicConfigChange[]): Promise<TopicOutcome[]> {
    if (changes.length === 0) return [];
    return this.run({ operation: "alter topic configs" }, (admin, lib) =>
      this.#batch(
        admin,
        lib,
        "alter-configs",
        changes,
        (c) => c.topic,
        async (connection, batch) => {
          const { SET, DELETE } = lib.IncrementalAlterConfigOperationTypes;
          const response = await responseOf(
            lib.incrementalAlterConfigsV1.api.async(
              connection,
              batch.map((c) => ({
                resourceType: lib.ConfigResourceTypes.TOPIC,
                resourceName: c.topic,
                configs: [
                  ...Object.entries(c.set).map(([name, value]) => ({ name, configOperation: SET, value })),
                  ...c.delete.map((name) => ({ name, configOperation: DELETE })),
                ],
              })),
              false,
            ),
          );
          return new Map(
            response.responses.map((r) => [r.resourceName, { code: r.errorCode, message: r.errorMessage }]),
          );
        },
        (c) => Object.keys(c.set).length + c.delete.length,
      ),
    );
  }

  /** One CreatePartitions v3 request; the broker places the new partitions unless assignments are given. */
  async addPartitions(changes: readonly PartitionsIncrease[]): Promise<TopicOutcome[]> {
    if (changes.length === 0) return [];
    return this.run({ operation: "add partitions" }, (admin, lib) =>
      this.#batch(
        admin,
        lib,
        "add-partitions",
        changes,
        (c) => c.topic,
        async (connection, batch) => {
          const response = await responseOf(
            lib.createPartitionsV3.api.async(
              connection,
              batch.map((c) => ({
                name: c.topic,
                count: c.totalCount,
                assignments: c.assignments ? c.assignments.map((replicas) => ({ brokerIds: [...replicas] })) : null,
              })),
              this.#settings.requestTimeoutMs,
              false,
            ),
          );
          return new Map(response.results.map((r) => [r.name, { code: r.errorCode, message: r.errorMessage }]));
        },
        (c) => c.totalCount,
      ),
    );
  }

  /**
   * One AlterPartitionReassignments v0 request (v0 lets the replica count change, so it also changes the replication
   * factor). The call returns once the controller accepted the new assignment; the data moves afterwards, so poll
   * listReassignments. A request-level failure (e.g. no ALTER on the cluster) throws; partition errors become the
   * topic's outcome.
   */
  async reassignPartitions(
    moves: readonly { topic: string; partition: number; replicas: readonly number[] }[],
  ): Promise<TopicOutcome[]> {
    if (moves.length === 0) return [];
    return this.run({ operation: "reassign partitions", requiredPermission: "ALTER on the cluster" }, (admin, lib) =>
      this.#batch(
        admin,
        lib,
        "reassign",
        moves,
        (m) => m.topic,
        async (connection, batch) => {
          const byTopic = new Map<string, { partitionIndex: number; replicas: number[] }[]>();
          for (const m of batch) {
            const list = byTopic.get(m.topic) ?? [];
            list.push({ partitionIndex: m.partition, replicas: [...m.replicas] });
            byTopic.set(m.topic, list);
          }
          const response = await responseOf(
            lib.alterPartitionReassignmentsV0.api.async(
              connection,
              this.#settings.requestTimeoutMs,
              true,
              [...byTopic].map(([name, partitions]) => ({ name, partitions })),
            ),
          );
          if (response.errorCode === NOT_CONTROLLER) {
            return new Map([...byTopic.keys()].map((t) => [t, { code: NOT_CONTROLLER, message: null }]));
          }
          if (response.errorCode !== 0) throw requestLevelError(lib, 45, response.errorCode, response.errorMessage);
          const results = new Map<string, TopicError>();
          for (const t of response.responses) {
            const failed = t.partitions.find((p) => p.errorCode !== 0);
            results.set(
              t.name,
              failed
                ? { code: failed.errorCode, message: failed.errorMessage, partition: failed.partitionIndex }
                : { code: 0, message: null },
            );
          }
          return results;
        },
      ),
    );
  }

  /** One ListPartitionReassignments v0 request for all topics; needs DESCRIBE on the cluster. */
  async listReassignments(): Promise<ReadonlySet<string>> {
    return this.run(
      { operation: "list partition reassignments", requiredPermission: "DESCRIBE on the cluster" },
      async (admin, lib) => this.#listReassigning(await this.#brokerConnection(admin, false), lib),
    );
  }

  /** One DeleteTopics v6 request (by name). */
  async deleteTopics(topics: readonly string[]): Promise<TopicOutcome[]> {
    if (topics.length === 0) return [];
    return this.run({ operation: "delete topics" }, (admin, lib) =>
      this.#batch(
        admin,
        lib,
        "delete",
        topics,
        (t) => t,
        async (connection, batch) => {
          const response = await responseOf(
            lib.deleteTopicsV6.api.async(
              connection,
              batch.map((name) => ({ name })),
              this.#settings.requestTimeoutMs,
            ),
          );
          return new Map(
            response.responses.flatMap((r) =>
              r.name ? [[r.name, { code: r.errorCode, message: r.errorMessage }]] : [],
            ),
          );
        },
      ),
    );
  }

  /** One DescribeAcls v3 request with a filter that matches every binding. */
  async observeAcls(): Promise<ObservedAcls> {
    return this.run(
      { operation: "read the ACLs", requiredPermission: "DESCRIBE on the cluster" },
      async (admin, lib) => {
        const connection = await this.#brokerConnection(admin, false);
        const response = await responseOf(lib.describeAclsV3.api.async(connection, { ...ANY_ACL_FILTER }));
        if (response.errorCode === SECURITY_DISABLED) throw new KafkaPortError(authorizerDisabledDiagnostic());
        if (response.errorCode !== 0) throw requestLevelError(lib, 29, response.errorCode, response.errorMessage);
        const bindings: AclBinding[] = [];
        let unrecognised = 0;
        for (const resource of response.resources) {
          for (const acl of resource.acls) {
            const binding = bindingFromWire({ ...resource, ...acl });
            if (binding) bindings.push(binding);
            else unrecognised++;
          }
        }
        return { bindings, unrecognised };
      },
    );
  }

  /** CreateAcls v3, one request per 10,000 bindings; results come back in request order. */
  async createAcls(bindings: readonly AclBinding[]): Promise<AclOutcome[]> {
    if (bindings.length === 0) return [];
    return this.run({ operation: "create ACLs", requiredPermission: "ALTER on the cluster" }, async (admin, lib) => {
      const outcomes: AclOutcome[] = [];
      for (const chunk of chunkByRecords(bindings, () => 1)) {
        const connection = await this.#brokerConnection(admin, false);
        const response = await responseOf(
          lib.createAclsV3.api.async(
            connection,
            chunk.map((b) => bindingToWire(b) as Parameters<typeof lib.createAclsV3.api.async>[1][number]),
          ),
        );
        chunk.forEach((binding, i) => {
          const result = response.results[i];
          if (result && result.errorCode === 0) outcomes.push({ binding, ok: true });
          else {
            const error = result
              ? (lib.protocolErrorsCodesById[result.errorCode] ?? `error ${result.errorCode}`)
              : "no result";
            outcomes.push({
              binding,
              ok: false,
              diagnostic: aclFailureDiagnostic("create", binding, error, result?.errorMessage),
            });
          }
        });
      }
      return outcomes;
    });
  }

  /** DeleteAcls v3 with one exact filter per binding (every field given), one request per 10,000 bindings. */
  async deleteAcls(bindings: readonly AclBinding[]): Promise<AclOutcome[]> {
    if (bindings.length === 0) return [];
    return this.run({ operation: "delete ACLs", requiredPermission: "ALTER on the cluster" }, async (admin, lib) => {
      const outcomes: AclOutcome[] = [];
      for (const chunk of chunkByRecords(bindings, () => 1)) {
        const connection = await this.#brokerConnection(admin, false);
        const response = await responseOf(
          lib.deleteAclsV3.api.async(
            connection,
            chunk.map((b) => bindingToWire(b) as Parameters<typeof lib.deleteAclsV3.api.async>[1][number]),
          ),
        );
        chunk.forEach((binding, i) => {
          const result = response.filterResults[i];
          const failed = result?.errorCode ? result : result?.matchingAcls.find((m) => m.errorCode !== 0);
          if (result && !failed) {
            outcomes.push({ binding, ok: true, matched: result.matchingAcls.length });
          } else {
            const code = failed?.errorCode;
            const error = code !== undefined ? (lib.protocolErrorsCodesById[code] ?? `error ${code}`) : "no result";
            outcomes.push({
              binding,
              ok: false,
              diagnostic: aclFailureDiagnostic("delete", binding, error, failed?.errorMessage),
            });
          }
        });
      }
      return outcomes;
    });
  }

  /**
   * ListGroups (the library asks every broker), then one DescribeGroups and one OffsetFetch for the candidate groups:
   * those matching query.groups, and every group when query.topics is not empty. An empty query sends nothing.
   */
  async describeGroupUsage(query: UsageQuery): Promise<GroupUsage[]> {
    if (query.groups.length === 0 && query.topics.length === 0) return [];
    return this.run(
      { operation: "look up consumer groups", requiredPermission: "DESCRIBE on the groups" },
      async (admin) => {
        const covers = (p: { name: string; pattern: string }, name: string) =>
          p.pattern === "prefixed" ? name.startsWith(p.name) : p.name === "*" || p.name === name;
        const listed = [...(await admin.listGroups()).values()].filter(
          (g) => g.protocolType === "consumer" || g.protocolType === "",
        );
        const candidates = listed
          .map((g) => g.id)
          .filter((id) => query.topics.length > 0 || query.groups.some((p) => covers(p, id)))
          .sort();
        if (candidates.length === 0) return [];
        const [described, offsets] = await Promise.all([
          admin
            .describeGroups({ groups: candidates })
            .catch(() => new Map<string, { state: string; members: Map<string, unknown> }>()),
          admin.listConsumerGroupOffsets({ groups: candidates }).catch(() => []),
        ]);
        const committed = new Map(
          offsets.map((g) => [
            g.groupId,
            g.topics
              .filter((t) => t.partitions.some((p) => p.committedOffset >= 0n))
              .map((t) => t.name)
              .sort(),
          ]),
        );
        const usage: GroupUsage[] = [];
        for (const group of candidates) {
          const topics = committed.get(group) ?? [];
          const byGroup = query.groups.some((p) => covers(p, group));
          if (!byGroup && !topics.some((t) => query.topics.some((p) => covers(p, t)))) continue;
          const d = described.get(group);
          const state = d ? String(d.state) : (listed.find((g) => g.id === group)?.state ?? "unknown");
          usage.push({ group, state: String(state), members: d ? d.members.size : 0, committedTopics: topics });
        }
        return usage;
      },
    );
  }

  /**
   * Every topic's configs, in parts sent at once to the brokers and lanes spreadDescribe picks (./spread.ts). The
   * first part goes to `home`, the broker the rest of the call talks to, so a read in one part stays on it.
   */
  async #describeSpread(
    admin: Admin,
    lib: KafkaLibrary,
    home: { readonly id: number; readonly connection: Connection },
    brokers: readonly { readonly nodeId: number; readonly host: string; readonly port: number }[],
    names: readonly string[],
  ): Promise<DescribedTopic[]> {
    const byId = new Map(brokers.map((b) => [b.nodeId, b]));
    const others = [...byId.keys()].filter((id) => id !== home.id).sort((a, b) => a - b);
    const parts = spreadDescribe(names, [home.id, ...others], this.#options.topicsPerDescribePart);
    const described = await settleAll<DescribedTopic[][]>(
      parts.map(async (part) => {
        const broker = byId.get(part.brokerId) ?? byId.get(home.id);
        const connection =
          part.brokerId === home.id && part.lane === 0
            ? home.connection
            : part.lane === 0
              ? (await admin.connectToBrokers([part.brokerId])).get(part.brokerId)
              : broker && (await this.#lanes?.get(part.lane, broker));
        if (!connection) throw new Error(`no connection to broker ${part.brokerId}`);
        return describeTopicConfigs(lib, connection, part.names);
      }),
    );
    return described.flat();
  }

  async #listReassigning(connection: Connection, lib: KafkaLibrary): Promise<Set<string>> {
    const response = await responseOf(
      lib.listPartitionReassignmentsV0.api.async(connection, this.#settings.requestTimeoutMs, null),
    );
    if (response.errorCode !== 0) throw requestLevelError(lib, 46, response.errorCode, response.errorMessage);
    return new Set(response.topics.filter((t) => t.partitions.length > 0).map((t) => t.name));
  }

  /**
   * A connection to the broker the metadata names as controller (any live broker on KRaft, which forwards admin
   * requests to the active controller; the real controller on a ZooKeeper-mode cluster). Uses the cached metadata,
   * so it sends no request unless `refresh`; the connection is pooled and reused by later calls.
   */
  async #brokerConnection(admin: Admin, refresh: boolean): Promise<Connection> {
    return (await this.#homeBroker(admin, refresh)).connection;
  }

  /** The broker #brokerConnection picks, with its id. */
  async #homeBroker(admin: Admin, refresh: boolean): Promise<{ id: number; connection: Connection }> {
    const metadata = await admin.metadata({ topics: [], ...(refresh ? { forceUpdate: true } : {}) });
    const id = metadata.brokers.has(metadata.controllerId)
      ? metadata.controllerId
      : [...metadata.brokers.keys()].sort((a, b) => a - b)[0];
    const connection = id === undefined ? undefined : (await admin.connectToBrokers([id])).get(id);
    if (id === undefined || !connection)
      throw new Error("The cluster's metadata names no broker to send the request to");
    return { id, connection };
  }

  /**
   * Sends one batched request and turns its per-topic error codes into outcomes, in input order, one per topic.
   * Topics answered NOT_CONTROLLER (only a ZooKeeper-mode cluster whose controller moved) are sent once more after a
   * metadata refresh.
   */
  async #batch<I>(
    admin: Admin,
    lib: KafkaLibrary,
    action: TopicAction,
    items: readonly I[],
    topicOf: (item: I) => string,
    send: (connection: Connection, batch: readonly I[]) => Promise<Map<string, TopicError>>,
    recordsOf: (item: I) => number = () => 1,
  ): Promise<TopicOutcome[]> {
    const results = new Map<string, TopicError>();
    for (const chunk of chunkByRecords(items, recordsOf)) {
      for (const [topic, error] of await send(await this.#brokerConnection(admin, false), chunk))
        results.set(topic, error);
    }
    const stale = items.filter((i) => results.get(topicOf(i))?.code === NOT_CONTROLLER);
    if (stale.length > 0) {
      for (const [topic, error] of await send(await this.#brokerConnection(admin, true), stale))
        results.set(topic, error);
    }
    const outcomes: TopicOutcome[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const topic = topicOf(item);
      if (seen.has(topic)) continue;
      seen.add(topic);
      const result = results.get(topic);
      if (result?.code === 0) {
        outcomes.push({ topic, ok: true });
        continue;
      }
      const diagnostic: Diagnostic = result
        ? topicFailureDiagnostic(
            {
              action,
              topic,
              error: lib.protocolErrorsCodesById[result.code] ?? `error ${result.code}`,
              brokerMessage: result.message ?? null,
              ...(result.partition !== undefined ? { partition: result.partition } : {}),
            },
            this.#settings,
          )
        : {
            code: "kafka/request-failed",
            severity: "error",
            message: `Kafka could not ${describeAction(action, topic)}: the broker's answer did not mention the topic`,
            why: "The broker answered the batched request without a result for this topic.",
            fix: "Re-run plan to see whether the change took effect; re-run with KGOV_DEBUG=1 for details.",
            path: `topics.${topic}`,
          };
      outcomes.push({ topic, ok: false, diagnostic });
    }
    return outcomes;
  }

  /**
   * Runs one library call with the adapter's deadline and error classification. Future port methods are built on it;
   * tests use it to provoke real broker errors (e.g. an authorization failure).
   */
  async run<T>(spec: OperationSpec, fn: (admin: Admin, lib: KafkaLibrary) => Promise<T>): Promise<T> {
    await this.#connect();
    if (this.#failure) throw this.#failure;
    const admin = this.#admin;
    const lib = this.#lib;
    if (!admin || !lib || this.#closed) throw new KafkaPortError(this.#closedDiagnostic());
    const budget = this.#settings.requestTimeoutMs + this.#settings.connectTimeoutMs;
    try {
      return await this.#withDeadline(fn(admin, lib), budget, spec.operation);
    } catch (error) {
      throw this.#classified(error, spec, true);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    const admin = this.#admin;
    const lanes = this.#lanes;
    this.#admin = undefined;
    this.#lanes = undefined;
    if (!admin) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([admin.close().catch(() => undefined), lanes?.close()]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  /** Connects once: loads the library, reads PEM files, then fetches metadata from a bootstrap server. */
  #connect(): Promise<void> {
    this.#connected ??= this.#doConnect();
    return this.#connected;
  }

  async #doConnect(): Promise<void> {
    if (this.#closed) throw new KafkaPortError(this.#closedDiagnostic());
    let material: PemMaterial | undefined;
    if (this.#settings.tls) {
      const loaded = await loadTlsMaterial(this.#settings.tls, this.#options.cwd, this.#readFile);
      const [first, ...rest] = loaded.diagnostics;
      if (first) throw new KafkaPortError([first, ...rest]);
      material = loaded.material;
    }
    const lib = await loadKafkaLibrary();
    this.#options.signal?.throwIfAborted();
    const options = buildAdminOptions(this.#settings, material);
    const admin = new lib.Admin(options);
    // A failed TLS handshake or a reset after connecting reaches requests only as "Connection closed"; the socket's
    // own error (e.g. ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED) is emitted on the connection, so keep the recent ones.
    // A connection that failed (e.g. a broker still starting answers the SASL handshake badly) can emit its error a
    // second time; the library's pool listens once only, and an unheard "error" event would crash kgov.
    const keepSocketErrors = (connection: Connection): void => {
      connection.on("error", (error: unknown) => {
        this.#socketErrors.push(error);
        if (this.#socketErrors.length > SOCKET_ERRORS_KEPT) this.#socketErrors.shift();
      });
    };
    admin.on("client:broker:connect", ({ connection }) => keepSocketErrors(connection));
    admin.on("client:broker:failed", ({ connection }) => keepSocketErrors(connection));
    this.#lanes = new ExtraLanes(lib, this.#settings.clientId, options, keepSocketErrors);
    this.#lib = lib;
    this.#admin = admin;
    const spec: OperationSpec = { operation: "connect to the cluster" };
    try {
      await this.#withDeadline(admin.metadata({ topics: [] }), this.#settings.connectTimeoutMs, spec.operation);
      this.#isConnected = true;
    } catch (error) {
      throw this.#classified(error, spec, false);
    }
  }

  async #clusterAuthorizedOperations(
    admin: Admin,
    lib: KafkaLibrary,
    brokers: readonly BrokerInfo[],
  ): Promise<string[] | undefined> {
    const first = brokers[0];
    if (!first) return undefined;
    const apis = await admin.listApis();
    const api = apis.find((a) => a.name === "DescribeCluster");
    if (!api) return undefined;
    // Connecting to a broker by its advertised address also proves advertised.listeners is reachable from here.
    const connections = await admin.connectToBrokers([first.id]);
    const connection = connections.get(first.id);
    if (!connection) return undefined;
    const response =
      api.maxVersion >= 1
        ? await lib.describeClusterV1.api.async(connection, true, lib.DescribeClusterEndpointTypes.BROKERS)
        : await lib.describeClusterV0.api.async(connection, true, lib.DescribeClusterEndpointTypes.BROKERS);
    return decodeAclOperations(response.clusterAuthorizedOperations, lib.AclOperations);
  }

  #withDeadline<T>(work: Promise<T>, ms: number, operation: string): Promise<T> {
    const signal = this.#options.signal;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (action: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        action();
      };
      const timer = setTimeout(() => {
        finish(() => {
          void this.close();
          reject(new DeadlineExceeded(operation, ms));
        });
      }, ms);
      const onAbort = (): void => {
        finish(() => {
          void this.close();
          reject(signal?.reason ?? new Error("aborted"));
        });
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      work.then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => finish(() => reject(error)),
      );
    });
  }

  #classified(error: unknown, spec: OperationSpec, connected: boolean): unknown {
    if (error instanceof KafkaPortError) return error;
    if (this.#options.signal?.aborted && error === this.#options.signal.reason) return error;
    const observed = this.#socketErrors.length > 0 ? new AggregateError([error, ...this.#socketErrors]) : error;
    this.#socketErrors.length = 0;
    const diagnostic: Diagnostic = classifyKafkaError(observed, {
      settings: this.#settings,
      operation: spec.operation,
      connected: connected && this.#isConnected,
      ...(spec.requiredPermission ? { requiredPermission: spec.requiredPermission } : {}),
    });
    const failure = new KafkaPortError(diagnostic, {
      cause: error,
      // only a call on an open connection can have sent anything
      outcomeUnknown: connected && this.#isConnected && requestOutcomeUnknown(observed),
    });
    // A deadline closes the client: later calls fail the same way instead of using a closed client.
    if (error instanceof DeadlineExceeded) this.#failure ??= failure;
    return failure;
  }

  #closedDiagnostic(): Diagnostic {
    return {
      code: "internal/bug",
      severity: "error",
      message: "The Kafka connection was used after it was closed",
      why: "This is a bug in kgov.",
      fix: "Report it with the command you ran.",
    };
  }
}

/** Kafka error codes the adapter acts on (the rest are named through the library's table). */
const TOPIC_AUTHORIZATION_FAILED = 29;
const SECURITY_DISABLED = 54;
const NOT_CONTROLLER = 41;

interface TopicError {
  /** Kafka error code; 0 = success. */
  readonly code: number;
  readonly message: string | null | undefined;
  readonly partition?: number;
}

/**
 * Awaits a low-level request and returns its response even when the library rejected it with a ResponseError: the
 * library throws on any per-topic error code, but the error keeps the whole parsed response, and per-topic errors
 * are outcomes here, not failures. Anything else (network, timeout) propagates to run()'s classification.
 */
async function responseOf<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    const e = error as { code?: unknown; response?: unknown };
    if (e?.code === "PLT_KFK_RESPONSE" && e.response !== undefined && e.response !== null) return e.response as T;
    throw error;
  }
}

/** A request-level error code as the library would report it, so run() classifies it (authorization, ...). */
function requestLevelError(lib: KafkaLibrary, apiKey: number, code: number, message: string | null | undefined): Error {
  return new lib.ResponseError(apiKey, 0, { "/": [code, message ?? null] }, undefined);
}

export class DeadlineExceeded extends Error {
  constructor(operation: string, ms: number) {
    super(`${operation} timed out after ${ms} ms`);
    this.name = "DeadlineExceeded";
  }
}

/** Decodes Kafka's authorized-operations bit field (bit n = ACL operation n) into operation names. */
export function decodeAclOperations(bits: number, operations: Readonly<Record<string, number>>): string[] | undefined {
  // -2147483648 (Int.MinValue) means "not requested / not provided".
  if (bits === -2147483648 || bits < 0) return undefined;
  const names: string[] = [];
  for (const [name, value] of Object.entries(operations)) {
    if (value <= 2) continue; // UNKNOWN, ANY, ALL are filters, never granted bits
    if (bits & (1 << value)) names.push(name);
  }
  return names.sort();
}

export const createKafkaCluster: KafkaClusterFactory = (settings, options) =>
  new PlatformaticKafkaCluster(settings, options);

/**
 * A KRaft controller refuses a request that would write more than 10,000 metadata records ("excessively large batch
 * operation") and then applies none of it, so batches are split to stay under that bound: one request per 10,000
 * records, which keeps the round trips O(changes / 10,000).
 */
export const MAX_RECORDS_PER_REQUEST = 10_000;

export function chunkByRecords<I>(items: readonly I[], recordsOf: (item: I) => number): I[][] {
  const chunks: I[][] = [];
  let current: I[] = [];
  let records = 0;
  for (const item of items) {
    const weight = recordsOf(item);
    if (current.length > 0 && records + weight > MAX_RECORDS_PER_REQUEST) {
      chunks.push(current);
      current = [];
      records = 0;
    }
    current.push(item);
    records += weight;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
