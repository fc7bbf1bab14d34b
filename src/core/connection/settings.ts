import type { SourceRange } from "../diagnostics/index.js";
import type { Secret } from "./secret.js";

/** The Kafka listener security protocols, named as in the Java client's `security.protocol`. */
export const SECURITY_PROTOCOLS = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];

/** The SASL mechanisms kgov can authenticate with. */
export const SASL_MECHANISMS = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** Mechanisms Kafka knows that kgov recognises but cannot use yet; they get a "not supported yet" diagnostic. */
export const UNSUPPORTED_SASL_MECHANISMS = ["GSSAPI", "OAUTHBEARER", "AWS_MSK_IAM"] as const;

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Upper bound for both timeouts: a CLI that waits longer than this for a broker is hung, not patient. */
export const MAX_TIMEOUT_MS = 300_000;
export const DEFAULT_CLIENT_ID = "kgov";

export interface BrokerAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Where PEM text comes from. Files are read by the Kafka adapter, relative to the working directory, when it connects;
 * inline PEM comes from `ssl.truststore.certificates`, `ssl.keystore.certificate.chain` or `ssl.keystore.key`.
 * Inline PEM is always held as a Secret (a private key is one; certificates are harmless but treated alike).
 */
export type PemSource =
  { readonly kind: "file"; readonly path: string } | { readonly kind: "inline"; readonly pem: Secret };

export interface SaslSettings {
  readonly mechanism: SaslMechanism;
  readonly username: string;
  readonly password: Secret;
}

export interface TlsSettings {
  /** Certificates to trust; when absent Node's default CA store is used. */
  readonly ca?: PemSource;
  /** Client certificate chain for mutual TLS; present together with `key`. */
  readonly cert?: PemSource;
  /** Client private key for mutual TLS (PEM, possibly encrypted). */
  readonly key?: PemSource;
  /** Passphrase of an encrypted private key (`ssl.key.password`). */
  readonly keyPassword?: Secret;
  /** Check that the broker certificate names the host connected to (`ssl.endpoint.identification.algorithm=https`). */
  readonly verifyHostname: boolean;
}

/** Names of the individual settings, used to record where each resolved value came from. */
export type SettingName =
  | "bootstrapServers"
  | "securityProtocol"
  | "saslMechanism"
  | "saslUsername"
  | "saslPassword"
  | "tlsCa"
  | "tlsCert"
  | "tlsKey"
  | "tlsKeyPassword"
  | "verifyHostname"
  | "connectTimeoutMs"
  | "requestTimeoutMs"
  | "clientId";

/** Fully resolved, validated settings: everything the Kafka adapter needs to connect. */
export interface ConnectionSettings {
  readonly bootstrapServers: readonly BrokerAddress[];
  readonly securityProtocol: SecurityProtocol;
  /** Present exactly when the protocol is SASL_PLAINTEXT or SASL_SSL. */
  readonly sasl?: SaslSettings;
  /** Present exactly when the protocol is SSL or SASL_SSL. */
  readonly tls?: TlsSettings;
  /** Budget for reaching a broker and authenticating, across all bootstrap servers and retries. */
  readonly connectTimeoutMs: number;
  /** Budget for one request once connected. */
  readonly requestTimeoutMs: number;
  readonly clientId: string;
  /**
   * Where each setting came from ("--bootstrap-server", "KGOV_SASL_PASSWORD", "client.properties:4", "default",
   * "inferred"), for display. Never contains values.
   */
  readonly origins: Readonly<Partial<Record<SettingName, string>>>;
}

/** One value in a layer, with where it came from. `source` points into a user file and is never set for secrets. */
export interface Sourced<T> {
  readonly value: T;
  /** Short human label: a flag name, an environment variable, `file:line`. Never the value. */
  readonly origin: string;
  readonly source?: SourceRange;
}

/**
 * One layer of connection settings: the command line, the environment, a properties file, and (later) an environment
 * block in the desired-state YAML. Values are raw and unvalidated so that every layer is checked the same way at
 * resolution. Secrets are already wrapped.
 */
export interface ConnectionLayer {
  /** Names the layer in messages: "command line", "environment", "client.properties". */
  readonly name: string;
  readonly bootstrapServers?: Sourced<string>;
  readonly securityProtocol?: Sourced<string>;
  readonly saslMechanism?: Sourced<string>;
  readonly saslUsername?: Sourced<string>;
  readonly saslPassword?: Sourced<Secret>;
  /**
   * The JAAS login module named by `sasl.jaas.config` (e.g. `org.apache.kafka.common.security.plain.PlainLoginModule`),
   * used to infer the mechanism when none is given and to warn about a mismatch.
   */
  readonly saslLoginModule?: Sourced<string>;
  readonly tlsCa?: Sourced<PemSource>;
  readonly tlsCert?: Sourced<PemSource>;
  readonly tlsKey?: Sourced<PemSource>;
  readonly tlsKeyPassword?: Sourced<Secret>;
  readonly verifyHostname?: Sourced<boolean>;
  readonly connectTimeoutMs?: Sourced<string>;
  readonly requestTimeoutMs?: Sourced<string>;
  readonly clientId?: Sourced<string>;
}

export function formatBroker(broker: BrokerAddress): string {
  return broker.host.includes(":") ? `[${broker.host}]:${broker.port}` : `${broker.host}:${broker.port}`;
}

export function usesSasl(protocol: SecurityProtocol): boolean {
  return protocol === "SASL_PLAINTEXT" || protocol === "SASL_SSL";
}

export function usesTls(protocol: SecurityProtocol): boolean {
  return protocol === "SSL" || protocol === "SASL_SSL";
}
