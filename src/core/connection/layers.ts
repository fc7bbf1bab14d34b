import type { Diagnostic } from "../diagnostics/index.js";
import { parseJaasConfig } from "./jaas.js";
import { parseProperties, type PropertyEntry } from "./properties.js";
import { Secret } from "./secret.js";
import type { ConnectionLayer, PemSource, Sourced } from "./settings.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface LayerResult {
  readonly layer: ConnectionLayer;
  readonly diagnostics: readonly Diagnostic[];
}

// ---------------------------------------------------------------------------------------------------------------------
// Command-line flags

/** The connection flags as commander hands them over; every one optional. */
export interface ConnectionFlags {
  bootstrapServer?: string;
  securityProtocol?: string;
  saslMechanism?: string;
  saslUsername?: string;
  saslPassword?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  connectTimeout?: string;
}

export function layerFromFlags(flags: ConnectionFlags): LayerResult {
  const layer: Mutable<ConnectionLayer> = { name: "command line" };
  const s = <T>(value: T, flag: string): Sourced<T> => ({ value, origin: flag });
  if (flags.bootstrapServer !== undefined) layer.bootstrapServers = s(flags.bootstrapServer, "--bootstrap-server");
  if (flags.securityProtocol !== undefined) layer.securityProtocol = s(flags.securityProtocol, "--security-protocol");
  if (flags.saslMechanism !== undefined) layer.saslMechanism = s(flags.saslMechanism, "--sasl-mechanism");
  if (flags.saslUsername !== undefined) layer.saslUsername = s(flags.saslUsername, "--sasl-username");
  if (flags.saslPassword !== undefined) layer.saslPassword = s(new Secret(flags.saslPassword), "--sasl-password");
  if (flags.tlsCa !== undefined) layer.tlsCa = s(file(flags.tlsCa), "--tls-ca");
  if (flags.tlsCert !== undefined) layer.tlsCert = s(file(flags.tlsCert), "--tls-cert");
  if (flags.tlsKey !== undefined) layer.tlsKey = s(file(flags.tlsKey), "--tls-key");
  if (flags.connectTimeout !== undefined) layer.connectTimeoutMs = s(flags.connectTimeout, "--connect-timeout");
  return { layer, diagnostics: [] };
}

// ---------------------------------------------------------------------------------------------------------------------
// Environment variables

/** The KGOV_* variables read for the connection (KGOV_COMMAND_CONFIG is read by the CLI: it names a file). */
export const CONNECTION_ENV_VARS = {
  bootstrapServers: "KGOV_BOOTSTRAP_SERVERS",
  securityProtocol: "KGOV_SECURITY_PROTOCOL",
  saslMechanism: "KGOV_SASL_MECHANISM",
  saslUsername: "KGOV_SASL_USERNAME",
  saslPassword: "KGOV_SASL_PASSWORD",
  tlsCa: "KGOV_SSL_CA_LOCATION",
  tlsCert: "KGOV_SSL_CERTIFICATE_LOCATION",
  tlsKey: "KGOV_SSL_KEY_LOCATION",
  tlsKeyPassword: "KGOV_SSL_KEY_PASSWORD",
  endpointIdentification: "KGOV_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM",
  connectTimeoutMs: "KGOV_CONNECT_TIMEOUT_MS",
  requestTimeoutMs: "KGOV_REQUEST_TIMEOUT_MS",
  clientId: "KGOV_CLIENT_ID",
} as const;

export const COMMAND_CONFIG_ENV_VAR = "KGOV_COMMAND_CONFIG";

/** An empty variable counts as unset, so `KGOV_SASL_PASSWORD= kgov ...` clears nothing by accident. */
export function layerFromEnvironment(env: Readonly<Record<string, string | undefined>>): LayerResult {
  const layer: Mutable<ConnectionLayer> = { name: "environment" };
  const diagnostics: Diagnostic[] = [];
  const read = (name: string): Sourced<string> | undefined => {
    const value = env[name];
    return value === undefined || value === "" ? undefined : { value, origin: name };
  };
  const v = CONNECTION_ENV_VARS;
  layer.bootstrapServers = read(v.bootstrapServers);
  layer.securityProtocol = read(v.securityProtocol);
  layer.saslMechanism = read(v.saslMechanism);
  layer.saslUsername = read(v.saslUsername);
  const password = read(v.saslPassword);
  if (password) layer.saslPassword = { value: new Secret(password.value), origin: password.origin };
  const ca = read(v.tlsCa);
  if (ca) layer.tlsCa = { value: file(ca.value), origin: ca.origin };
  const cert = read(v.tlsCert);
  if (cert) layer.tlsCert = { value: file(cert.value), origin: cert.origin };
  const key = read(v.tlsKey);
  if (key) layer.tlsKey = { value: file(key.value), origin: key.origin };
  const keyPassword = read(v.tlsKeyPassword);
  if (keyPassword) layer.tlsKeyPassword = { value: new Secret(keyPassword.value), origin: keyPassword.origin };
  const endpoint = read(v.endpointIdentification);
  if (endpoint) {
    const verify = endpointIdentification(endpoint.value);
    if (verify === undefined) diagnostics.push(badEndpointIdentification(endpoint.value, endpoint.origin));
    else layer.verifyHostname = { value: verify, origin: endpoint.origin };
  }
  layer.connectTimeoutMs = read(v.connectTimeoutMs);
  layer.requestTimeoutMs = read(v.requestTimeoutMs);
  layer.clientId = read(v.clientId);
  return { layer: dropUndefined(layer), diagnostics };
}

// ---------------------------------------------------------------------------------------------------------------------
// Java client properties file (--command-config)

/** Keys whose values must never be quoted in a message. */
const SENSITIVE_KEYS = new Set([
  "sasl.jaas.config",
  "ssl.key.password",
  "ssl.keystore.password",
  "ssl.truststore.password",
  "ssl.keystore.key",
]);

/** ssl.* and sasl.* keys kgov reads; any other ssl.* or sasl.* key changes security behaviour and gets a warning. */
const HANDLED_KEYS = new Set([
  "bootstrap.servers",
  "security.protocol",
  "sasl.mechanism",
  "sasl.jaas.config",
  "ssl.truststore.type",
  "ssl.truststore.location",
  "ssl.truststore.certificates",
  "ssl.truststore.password",
  "ssl.keystore.type",
  "ssl.keystore.location",
  "ssl.keystore.certificate.chain",
  "ssl.keystore.key",
  "ssl.keystore.password",
  "ssl.key.password",
  "ssl.endpoint.identification.algorithm",
  "request.timeout.ms",
  "socket.connection.setup.timeout.ms",
  "client.id",
]);

export function isSensitiveProperty(key: string): boolean {
  return SENSITIVE_KEYS.has(key) || /password|secret|jaas|token|credential/i.test(key);
}

/**
 * Turns the text of a Java client properties file into a layer. `label` names the file in messages (the path as the
 * user gave it). Problems are reported with file and line, and never quote the value of a sensitive key.
 */
export function layerFromProperties(text: string, label: string): LayerResult {
  const parsed = parseProperties(text);
  const diagnostics: Diagnostic[] = parsed.problems.map((p) =>
    propertiesDiagnostic(`${label}:${p.line}`, `${label} line ${p.line}: ${p.message}`),
  );
  const layer: Mutable<ConnectionLayer> = { name: label };
  const get = (key: string): PropertyEntry | undefined => parsed.entries.get(key);
  const origin = (e: PropertyEntry): string => `${label}:${e.line}`;
  const str = (key: string): Sourced<string> | undefined => {
    const e = get(key);
    return e ? { value: e.value.trim(), origin: origin(e) } : undefined;
  };

  layer.bootstrapServers = str("bootstrap.servers");
  layer.securityProtocol = str("security.protocol");
  layer.saslMechanism = str("sasl.mechanism");
  layer.requestTimeoutMs = str("request.timeout.ms");
  layer.connectTimeoutMs = str("socket.connection.setup.timeout.ms");
  layer.clientId = str("client.id");

  const jaas = get("sasl.jaas.config");
  if (jaas) {
    const result = parseJaasConfig(jaas.value);
    if (!result.ok) {
      diagnostics.push(
        propertiesDiagnostic(origin(jaas), `sasl.jaas.config in ${origin(jaas)} cannot be parsed: ${result.message}`, {
          why: "kgov reads the SASL username and password from it, as the Java client does.",
          fix:
            'Write it as: org.apache.kafka.common.security.scram.ScramLoginModule required username="USER" password="PASSWORD"; ' +
            '(in a properties file a backslash must itself be escaped, so a quote inside the password is written \\\\").',
        }),
      );
    } else {
      const { loginModule, options } = result.config;
      layer.saslLoginModule = { value: loginModule, origin: origin(jaas) };
      const username = options.get("username");
      if (username !== undefined) layer.saslUsername = { value: username, origin: origin(jaas) };
      const password = options.get("password");
      if (password !== undefined) layer.saslPassword = { value: new Secret(password), origin: origin(jaas) };
    }
  }

  // Trust store: PEM only.
  const truststoreType = str("ssl.truststore.type");
  const truststoreIsPem = checkStoreType(truststoreType, "trust store", label, diagnostics);
  if (truststoreIsPem) {
    const location = get("ssl.truststore.location");
    const certificates = get("ssl.truststore.certificates");
    if (location && certificates) {
      diagnostics.push(bothGiven("ssl.truststore.location", "ssl.truststore.certificates", label));
    } else if (location) {
      layer.tlsCa = { value: file(location.value.trim()), origin: origin(location) };
    } else if (certificates) {
      layer.tlsCa = { value: inline(certificates.value), origin: origin(certificates) };
    }
    const password = get("ssl.truststore.password");
    if (password)
      diagnostics.push(ignored("ssl.truststore.password", origin(password), "a PEM trust store has no password"));
  }

  // Key store: PEM only, either one file holding key and chain, or the chain and key given inline.
  const keystoreType = str("ssl.keystore.type");
  const keystoreIsPem = checkStoreType(keystoreType, "key store", label, diagnostics);
  if (keystoreIsPem) {
    const location = get("ssl.keystore.location");
    const chain = get("ssl.keystore.certificate.chain");
    const key = get("ssl.keystore.key");
    if (location && (chain || key)) {
      diagnostics.push(
        bothGiven("ssl.keystore.location", chain ? "ssl.keystore.certificate.chain" : "ssl.keystore.key", label),
      );
    } else if (location) {
      // A PEM key store file holds the private key and the certificate chain; Node picks each out of the same text.
      const path = location.value.trim();
      layer.tlsCert = { value: file(path), origin: origin(location) };
      layer.tlsKey = { value: file(path), origin: origin(location) };
    } else {
      if (chain) layer.tlsCert = { value: inline(chain.value), origin: origin(chain) };
      if (key) layer.tlsKey = { value: inline(key.value), origin: origin(key) };
    }
    const password = get("ssl.keystore.password");
    if (password) {
      diagnostics.push(
        ignored(
          "ssl.keystore.password",
          origin(password),
          "a PEM key store has no store password; use ssl.key.password",
        ),
      );
    }
  }
  const keyPassword = get("ssl.key.password");
  if (keyPassword) layer.tlsKeyPassword = { value: new Secret(keyPassword.value), origin: origin(keyPassword) };

  const endpoint = get("ssl.endpoint.identification.algorithm");
  if (endpoint) {
    const verify = endpointIdentification(endpoint.value.trim());
    if (verify === undefined) diagnostics.push(badEndpointIdentification(endpoint.value.trim(), origin(endpoint)));
    else layer.verifyHostname = { value: verify, origin: origin(endpoint) };
  }

  for (const entry of parsed.entries.values()) {
    if (HANDLED_KEYS.has(entry.key)) continue;
    if (!entry.key.startsWith("ssl.") && !entry.key.startsWith("sasl.")) continue; // producer/consumer settings: harmless
    diagnostics.push(
      ignored(
        entry.key,
        origin(entry),
        "kgov does not support this security setting; the connection is made without it",
      ),
    );
  }

  return { layer: dropUndefined(layer), diagnostics };
}

// ---------------------------------------------------------------------------------------------------------------------
// helpers

function file(path: string): PemSource {
  return { kind: "file", path };
}

function inline(pem: string): PemSource {
  return { kind: "inline", pem: new Secret(pem) };
}

function dropUndefined<T extends object>(o: T): T {
  for (const key of Object.keys(o) as (keyof T)[]) if (o[key] === undefined) delete o[key];
  return o;
}

/** `https` turns hostname verification on, the empty string turns it off (Java semantics). */
function endpointIdentification(value: string): boolean | undefined {
  if (value === "") return false;
  if (value.toLowerCase() === "https") return true;
  return undefined;
}

function badEndpointIdentification(value: string, origin: string): Diagnostic {
  return {
    code: "connection/invalid-config",
    severity: "error",
    message: `ssl.endpoint.identification.algorithm "${value}" (from ${origin}) is not supported`,
    why: "Kafka knows only https (check that the broker certificate names the host) and the empty string (do not check).",
    fix: "Use https, or an empty value to turn hostname verification off.",
    path: origin,
  };
}

/** Returns true when the store is PEM (or its type is left to the default and assumed PEM). */
function checkStoreType(
  type: Sourced<string> | undefined,
  what: "trust store" | "key store",
  label: string,
  diagnostics: Diagnostic[],
): boolean {
  if (!type || type.value.toUpperCase() === "PEM") return true;
  const upper = type.value.toUpperCase();
  const key = what === "trust store" ? "ssl.truststore.type" : "ssl.keystore.type";
  const convert =
    what === "trust store"
      ? upper === "JKS"
        ? "keytool -exportcert -rfc -keystore truststore.jks -alias <alias> -file ca.pem"
        : "openssl pkcs12 -in truststore.p12 -nokeys -out ca.pem"
      : "openssl pkcs12 -in keystore.p12 -out client.pem (for JKS first: keytool -importkeystore -srckeystore keystore.jks -destkeystore keystore.p12 -deststoretype PKCS12)";
  diagnostics.push({
    code: "connection/unsupported",
    severity: "error",
    message: `${key}=${type.value} (in ${type.origin}): kgov reads PEM ${what}s only`,
    why: "kgov is not a Java program: it cannot open JKS or PKCS12 stores.",
    fix: `Convert the ${what} to PEM, e.g. \`${convert}\`, then set ${key}=PEM and point ${
      what === "trust store" ? "ssl.truststore.location" : "ssl.keystore.location"
    } at the PEM file (or use --tls-${what === "trust store" ? "ca" : "cert/--tls-key"}).`,
    path: `${label}`,
  });
  return false;
}

function bothGiven(a: string, b: string, label: string): Diagnostic {
  return {
    code: "connection/invalid-config",
    severity: "error",
    message: `${label} sets both ${a} and ${b}`,
    why: "They are two ways of giving the same PEM material; the Java client rejects the combination too.",
    fix: `Keep one of ${a} and ${b}.`,
    path: label,
  };
}

function ignored(key: string, origin: string, reason: string): Diagnostic {
  return {
    code: "connection/ignored-setting",
    severity: "warning",
    message: `${key} (${origin}) is ignored: ${reason}`,
    path: origin,
  };
}

function propertiesDiagnostic(path: string, message: string, extra: { why?: string; fix?: string } = {}): Diagnostic {
  return {
    code: "connection/properties-file",
    severity: "error",
    message,
    why: extra.why ?? "The file is read with java.util.Properties rules, as the Kafka command-line tools read it.",
    fix:
      extra.fix ?? "Correct the line; Java properties escapes are \\t \\n \\r \\f \\\\ and \\uXXXX (four hex digits).",
    path,
  };
}
