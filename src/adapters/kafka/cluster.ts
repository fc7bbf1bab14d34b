import type * as KafkaModule from "@platformatic/kafka";
import type { Admin, AdminOptions } from "@platformatic/kafka";
import type { ConnectionSettings } from "../../core/connection/index.js";
import type { Diagnostic } from "../../core/diagnostics/index.js";
import {
  KafkaPortError,
  type BrokerInfo,
  type ClusterInfo,
  type KafkaClusterFactory,
  type KafkaClusterOptions,
  type KafkaClusterPort,
} from "../../ports/kafka.js";
import { classifyKafkaError } from "./errors.js";
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

/**
 * The Kafka port over @platformatic/kafka. The first call connects (library load, PEM files, bootstrap, SASL) and must
 * succeed within connectTimeoutMs; each later call gets requestTimeoutMs plus connectTimeoutMs (it may open
 * connections to other brokers). Every failure leaves as a KafkaPortError with a classified diagnostic.
 */
export class PlatformaticKafkaCluster implements KafkaClusterPort {
  readonly #settings: ConnectionSettings;
  readonly #options: KafkaClusterOptions;
  readonly #readFile: FileReader | undefined;
  #admin: Admin | undefined;
  #lib: KafkaLibrary | undefined;
  #connected: Promise<void> | undefined;
  #isConnected = false;
  #closed = false;
  #failure: KafkaPortError | undefined;
  readonly #socketErrors: unknown[] = [];

  constructor(settings: ConnectionSettings, options: KafkaClusterOptions, readFile?: FileReader) {
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
    this.#admin = undefined;
    if (!admin) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      admin.close().catch(() => undefined),
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
    const admin = new lib.Admin(buildAdminOptions(this.#settings, material));
    // A failed TLS handshake or a reset after connecting reaches requests only as "Connection closed"; the socket's
    // own error (e.g. ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED) is emitted on the connection, so keep the recent ones.
    admin.on("client:broker:connect", ({ connection }) => {
      connection.on("error", (error: unknown) => {
        this.#socketErrors.push(error);
        if (this.#socketErrors.length > SOCKET_ERRORS_KEPT) this.#socketErrors.shift();
      });
    });
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
    const failure = new KafkaPortError(diagnostic, { cause: error });
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

class DeadlineExceeded extends Error {
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
