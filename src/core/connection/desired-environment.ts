import { posix } from "node:path";
import type { DesiredEnvironment } from "../model/desired.js";
import { Secret } from "./secret.js";
import type { ConnectionLayer, PemSource, Sourced } from "./settings.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface EnvironmentLayer {
  /** The `kafka` block of the environment as a connection layer (lowest precedence: below flags, KGOV_* and files). */
  readonly layer: ConnectionLayer;
  /**
   * `kafka.commandConfig`, resolved like the other paths: the caller reads it and puts its layer right below `layer`.
   */
  readonly commandConfig?: string;
}

/**
 * Paths in an environment block are relative to the YAML file that declares it (like schema files), so the same
 * files work from any working directory. Absolute paths are kept.
 */
export function resolvePath(path: string, environment: DesiredEnvironment): string {
  if (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path)) return path;
  return posix.normalize(posix.join(posix.dirname(environment.source.file), path));
}

/**
 * The selected environment's `kafka` block (`${env:…}` already resolved) as a connection layer. Origins name the
 * field (`environments.dev.kafka.sasl.password`), never its value; passwords become Secrets at once.
 */
export function layerFromDesiredEnvironment(environment: DesiredEnvironment): EnvironmentLayer {
  const kafka = environment.kafka ?? {};
  const base = `environments.${environment.name}.kafka`;
  const layer: Mutable<ConnectionLayer> = { name: `environment ${environment.name}` };
  const str = (value: unknown, field: string): Sourced<string> | undefined =>
    typeof value === "string" ? { value, origin: `${base}.${field}` } : undefined;
  const pem = (value: unknown, field: string): Sourced<PemSource> | undefined =>
    typeof value === "string" && value !== ""
      ? { value: { kind: "file", path: resolvePath(value, environment) }, origin: `${base}.${field}` }
      : undefined;
  const secret = (value: unknown, field: string): Sourced<Secret> | undefined =>
    typeof value === "string" ? { value: new Secret(value), origin: `${base}.${field}` } : undefined;

  const set = <K extends keyof ConnectionLayer>(key: K, value: ConnectionLayer[K] | undefined): void => {
    if (value !== undefined) layer[key] = value as Mutable<ConnectionLayer>[K];
  };
  set("bootstrapServers", str(kafka.bootstrapServers, "bootstrapServers"));
  set("securityProtocol", str(kafka.securityProtocol, "securityProtocol"));
  set("saslMechanism", str(kafka.sasl?.mechanism, "sasl.mechanism"));
  set("saslUsername", str(kafka.sasl?.username, "sasl.username"));
  set("saslPassword", secret(kafka.sasl?.password, "sasl.password"));
  set("tlsCa", pem(kafka.tls?.caFile, "tls.caFile"));
  set("tlsCert", pem(kafka.tls?.certFile, "tls.certFile"));
  set("tlsKey", pem(kafka.tls?.keyFile, "tls.keyFile"));
  set("tlsKeyPassword", secret(kafka.tls?.keyPassword, "tls.keyPassword"));
  const commandConfig =
    typeof kafka.commandConfig === "string" && kafka.commandConfig !== ""
      ? resolvePath(kafka.commandConfig, environment)
      : undefined;
  return { layer, ...(commandConfig !== undefined ? { commandConfig } : {}) };
}
