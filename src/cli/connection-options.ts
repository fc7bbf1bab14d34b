import type { Command, OptionValues } from "@commander-js/extra-typings";
import { readCommandConfig } from "../adapters/kafka/command-config.js";
import {
  COMMAND_CONFIG_ENV_VAR,
  layerFromEnvironment,
  layerFromFlags,
  resolveConnection,
  type ConnectionFlags,
  type ConnectionLayer,
  type ResolveResult,
} from "../core/connection/index.js";
import type { Diagnostic } from "../core/diagnostics/index.js";
import type { CliIo } from "./io.js";

/** Help text shared by every command that connects to Kafka. */
export const CONNECTION_HELP = `
Kafka connection (flags win over KGOV_* variables, variables over the --command-config file):
  KGOV_BOOTSTRAP_SERVERS, KGOV_SECURITY_PROTOCOL, KGOV_SASL_MECHANISM, KGOV_SASL_USERNAME, KGOV_SASL_PASSWORD,
  KGOV_SSL_CA_LOCATION, KGOV_SSL_CERTIFICATE_LOCATION, KGOV_SSL_KEY_LOCATION, KGOV_SSL_KEY_PASSWORD,
  KGOV_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM, KGOV_CONNECT_TIMEOUT_MS, KGOV_REQUEST_TIMEOUT_MS, KGOV_CLIENT_ID,
  KGOV_COMMAND_CONFIG
  The properties file takes the Java client keys: bootstrap.servers, security.protocol, sasl.mechanism,
  sasl.jaas.config (PlainLoginModule / ScramLoginModule), ssl.truststore.* and ssl.keystore.* (type PEM),
  ssl.key.password, ssl.endpoint.identification.algorithm, request.timeout.ms, client.id.
  Pass secrets through KGOV_SASL_PASSWORD or the properties file, not --sasl-password: command lines are visible
  to other users (ps) and end up in shell history.
  The security protocol defaults to what the other settings imply (SASL settings: SASL_PLAINTEXT; with TLS files:
  SASL_SSL or SSL); set it explicitly for TLS with the system CAs.`;

const CONNECTION_OPTIONS: readonly [flags: string, description: string][] = [
  ["--bootstrap-server <list>", "Kafka brokers to bootstrap from: host:port[,host:port...]"],
  ["--command-config <file>", "Java client properties file with connection settings (as for kafka-topics.sh)"],
  ["--security-protocol <protocol>", "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL"],
  ["--sasl-mechanism <mechanism>", "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"],
  ["--sasl-username <name>", "SASL username"],
  ["--sasl-password <password>", "SASL password (discouraged: prefer KGOV_SASL_PASSWORD or --command-config)"],
  ["--tls-ca <file>", "PEM file with the CA certificates to trust"],
  ["--tls-cert <file>", "PEM client certificate (chain) for mutual TLS"],
  ["--tls-key <file>", "PEM private key of the client certificate"],
  ["--connect-timeout <ms>", "give up connecting after this many milliseconds (default 10000)"],
];

/** The values commander produces for CONNECTION_OPTIONS (camel-cased flag names). */
export type ConnectionOptionValues = CliConnectionFlags;

/**
 * Adds the Kafka connection flags to a command; plan and apply reuse this. The options are added in a loop with one
 * cast instead of a chain of typed .option() calls: a generic chain that long makes tsc's inference explode.
 */
export function addConnectionOptions<
  Args extends unknown[],
  Opts extends OptionValues,
  GlobalOpts extends OptionValues,
>(command: Command<Args, Opts, GlobalOpts>): Command<Args, Opts & ConnectionOptionValues, GlobalOpts> {
  for (const [flags, description] of CONNECTION_OPTIONS) command.option(flags, description);
  command.addHelpText("after", CONNECTION_HELP);
  return command as unknown as Command<Args, Opts & ConnectionOptionValues, GlobalOpts>;
}

export interface CliConnectionFlags extends ConnectionFlags {
  commandConfig?: string;
}

/**
 * Resolves the connection from flags, KGOV_* variables and the --command-config / KGOV_COMMAND_CONFIG file, in that
 * order of precedence. Never throws; problems come back as diagnostics.
 */
export async function resolveCliConnection(flags: CliConnectionFlags, io: CliIo): Promise<ResolveResult> {
  const diagnostics: Diagnostic[] = [];
  const layers: ConnectionLayer[] = [];
  const fromFlags = layerFromFlags(flags);
  layers.push(fromFlags.layer);
  diagnostics.push(...fromFlags.diagnostics);
  const fromEnv = layerFromEnvironment(io.env);
  layers.push(fromEnv.layer);
  diagnostics.push(...fromEnv.diagnostics);
  const envConfig = io.env[COMMAND_CONFIG_ENV_VAR];
  const configPath = flags.commandConfig ?? (envConfig === "" ? undefined : envConfig);
  if (configPath !== undefined) {
    const fromFile = await readCommandConfig(configPath, io.cwd);
    layers.push(fromFile.layer);
    diagnostics.push(...fromFile.diagnostics);
  }
  const resolved = resolveConnection(layers);
  const all = [...diagnostics, ...resolved.diagnostics];
  // A layer's own errors (an unreadable file, a JKS store) make the result unusable even if resolution found a value.
  const layerErrors = diagnostics.some((d) => d.severity === "error");
  return resolved.settings && !layerErrors ? { settings: resolved.settings, diagnostics: all } : { diagnostics: all };
}
