import type { Command, OptionValues } from "@commander-js/extra-typings";
import type { ConnectionFlags, ConnectionLayer, ResolveResult } from "../core/connection/index.js";
import type { Diagnostic } from "../core/diagnostics/index.js";
import type { DesiredEnvironment } from "../core/model/desired.js";
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
 * Resolves the connection, highest precedence first: flags, KGOV_* variables, the --command-config /
 * KGOV_COMMAND_CONFIG file, then (for plan and apply) the selected environment's `kafka` block and its commandConfig
 * file. Never throws; problems come back as diagnostics. The resolution code loads only here, keeping start-up lean.
 */
export async function resolveCliConnection(
  flags: CliConnectionFlags,
  io: CliIo,
  environment?: DesiredEnvironment,
): Promise<ResolveResult> {
  const [connection, { readCommandConfig }, { layerFromDesiredEnvironment }] = await Promise.all([
    import("../core/connection/index.js"),
    import("../adapters/kafka/command-config.js"),
    import("../core/connection/desired-environment.js"),
  ]);
  const diagnostics: Diagnostic[] = [];
  const layers: ConnectionLayer[] = [];
  const add = (result: { layer: ConnectionLayer; diagnostics: readonly Diagnostic[] }) => {
    layers.push(result.layer);
    diagnostics.push(...result.diagnostics);
  };
  add(connection.layerFromFlags(flags));
  add(connection.layerFromEnvironment(io.env));
  const envConfig = io.env[connection.COMMAND_CONFIG_ENV_VAR];
  const configPath = flags.commandConfig ?? (envConfig === "" ? undefined : envConfig);
  if (configPath !== undefined) add(await readCommandConfig(configPath, io.cwd));
  if (environment) {
    const fromYaml = layerFromDesiredEnvironment(environment);
    add({ layer: fromYaml.layer, diagnostics: [] });
    if (fromYaml.commandConfig !== undefined) add(await readCommandConfig(fromYaml.commandConfig, io.cwd));
  }
  const resolved = connection.resolveConnection(layers);
  const all = [...diagnostics, ...resolved.diagnostics];
  // A layer's own errors (an unreadable file, a JKS store) make the result unusable even if resolution found a value.
  const layerErrors = diagnostics.some((d) => d.severity === "error");
  return resolved.settings && !layerErrors ? { settings: resolved.settings, diagnostics: all } : { diagnostics: all };
}
