import { hasErrors, type Diagnostic } from "../diagnostics/index.js";
import { PLAIN_LOGIN_MODULE, SCRAM_LOGIN_MODULE } from "./jaas.js";
import type { Secret } from "./secret.js";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  MAX_TIMEOUT_MS,
  SASL_MECHANISMS,
  SECURITY_PROTOCOLS,
  UNSUPPORTED_SASL_MECHANISMS,
  usesSasl,
  usesTls,
  type BrokerAddress,
  type ConnectionLayer,
  type ConnectionSettings,
  type PemSource,
  type SaslMechanism,
  type SecurityProtocol,
  type SettingName,
  type Sourced,
  type TlsSettings,
} from "./settings.js";

export interface ResolveResult {
  /** Present when there are no error diagnostics. */
  readonly settings?: ConnectionSettings;
  readonly diagnostics: readonly Diagnostic[];
}

type LayerKey = Exclude<keyof ConnectionLayer, "name">;

const WHERE_TO_SET =
  "Give it with --bootstrap-server, the KGOV_BOOTSTRAP_SERVERS environment variable, or bootstrap.servers in a --command-config properties file.";

/**
 * Merges connection layers, highest precedence first (today: flags, environment, properties file; an environment block
 * of the desired-state YAML will slot in before the defaults), then validates the result. Each setting is taken from
 * the first layer that has it. Never throws: every problem is a diagnostic, and settings are returned only when there
 * is no error.
 */
export function resolveConnection(layers: readonly ConnectionLayer[]): ResolveResult {
  const diagnostics: Diagnostic[] = [];
  const origins: Partial<Record<SettingName, string>> = {};
  function pick<K extends LayerKey>(key: K): NonNullable<ConnectionLayer[K]> | undefined {
    for (const layer of layers) {
      const value = layer[key];
      if (value !== undefined) return value as NonNullable<ConnectionLayer[K]>;
    }
    return undefined;
  }
  const error = (message: string, why: string, fix: string, origin?: Sourced<unknown>): void => {
    diagnostics.push({
      code: "connection/invalid-config",
      severity: "error",
      message,
      why,
      fix,
      ...(origin?.source ? { source: origin.source } : origin ? { path: origin.origin } : {}),
    });
  };

  // Bootstrap servers.
  const bootstrap = pick("bootstrapServers");
  let bootstrapServers: BrokerAddress[] = [];
  if (!bootstrap || bootstrap.value.trim() === "") {
    error(
      "No Kafka bootstrap servers are configured",
      "kgov needs at least one broker address to connect to.",
      WHERE_TO_SET,
    );
  } else {
    origins.bootstrapServers = bootstrap.origin;
    const parsed = parseBootstrapServers(bootstrap.value);
    for (const bad of parsed.invalid) {
      error(
        `Bootstrap server "${bad}" (from ${bootstrap.origin}) is not a host:port address`,
        "Each bootstrap server needs a host and a port between 1 and 65535, as in the Java client.",
        "Write the list as host1:9092,host2:9092 (IPv6 as [::1]:9092).",
        bootstrap,
      );
    }
    bootstrapServers = parsed.valid;
    if (parsed.valid.length === 0 && parsed.invalid.length === 0) {
      error(
        "No Kafka bootstrap servers are configured",
        "The bootstrap server list is empty.",
        WHERE_TO_SET,
        bootstrap,
      );
    }
  }

  // SASL mechanism: given, or inferred from the JAAS login module.
  const mechanismRaw = pick("saslMechanism");
  const loginModule = pick("saslLoginModule");
  const username = pick("saslUsername");
  const password = pick("saslPassword");
  let mechanism: SaslMechanism | undefined;
  let mechanismOrigin: string | undefined;
  let mechanismUsable = true;
  if (mechanismRaw) {
    const upper = mechanismRaw.value.trim().toUpperCase();
    mechanismOrigin = mechanismRaw.origin;
    if ((SASL_MECHANISMS as readonly string[]).includes(upper)) {
      mechanism = upper as SaslMechanism;
    } else {
      mechanismUsable = false;
      diagnostics.push(unsupportedMechanism(upper, mechanismRaw));
    }
  } else if (loginModule) {
    const inferred = mechanismForLoginModule(loginModule.value);
    if (inferred === "PLAIN") {
      mechanism = "PLAIN";
      mechanismOrigin = `inferred from the login module in ${loginModule.origin}`;
    } else if (inferred && inferred !== "SCRAM") {
      mechanismUsable = false;
      diagnostics.push(unsupportedMechanism(inferred, loginModule));
    }
  }

  // Security protocol: given, or inferred from what else is configured.
  const protocolRaw = pick("securityProtocol");
  const tlsCa = pick("tlsCa");
  const tlsCert = pick("tlsCert");
  const tlsKey = pick("tlsKey");
  const tlsKeyPassword = pick("tlsKeyPassword");
  const verifyHostname = pick("verifyHostname");
  const saslGiven = mechanismRaw ?? loginModule ?? username ?? password;
  const tlsGiven = tlsCa ?? tlsCert ?? tlsKey;
  let protocol: SecurityProtocol | undefined;
  if (protocolRaw) {
    const upper = protocolRaw.value.trim().toUpperCase();
    if ((SECURITY_PROTOCOLS as readonly string[]).includes(upper)) {
      protocol = upper as SecurityProtocol;
      origins.securityProtocol = protocolRaw.origin;
    } else {
      error(
        `Security protocol "${protocolRaw.value.trim()}" (from ${protocolRaw.origin}) is not one of ${SECURITY_PROTOCOLS.join(", ")}`,
        "The protocol must match what the broker's listener expects.",
        "Use PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (ask the cluster operator which one the listener uses).",
        protocolRaw,
      );
    }
  } else {
    protocol = saslGiven ? (tlsGiven ? "SASL_SSL" : "SASL_PLAINTEXT") : tlsGiven ? "SSL" : "PLAINTEXT";
    const because = [
      saslGiven ? `SASL settings (${saslGiven.origin})` : "",
      tlsGiven ? `TLS files (${tlsGiven.origin})` : "",
    ]
      .filter(Boolean)
      .join(" and ");
    origins.securityProtocol = because ? `inferred from ${because}` : "default";
  }

  // SASL.
  let sasl: ConnectionSettings["sasl"];
  if (protocol && usesSasl(protocol)) {
    if (!mechanism && mechanismUsable) {
      const scram = loginModule && mechanismForLoginModule(loginModule.value) === "SCRAM";
      error(
        scram
          ? `The SASL mechanism is not set, and the SCRAM login module (${loginModule.origin}) does not say which SCRAM`
          : `Security protocol ${protocol} needs a SASL mechanism, and none is set`,
        "The broker must be told how kgov authenticates; kgov does not guess (the Java client would fall back to GSSAPI).",
        "Set --sasl-mechanism, KGOV_SASL_MECHANISM or sasl.mechanism to PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.",
      );
    }
    if (!username) {
      error(
        `Security protocol ${protocol} needs a SASL username, and none is set`,
        "The broker authenticates every SASL connection with a username and password.",
        'Set KGOV_SASL_USERNAME, --sasl-username, or username="..." in sasl.jaas.config of a --command-config file.',
      );
    }
    if (!password) {
      error(
        `Security protocol ${protocol} needs a SASL password, and none is set`,
        "The broker authenticates every SASL connection with a username and password.",
        'Set KGOV_SASL_PASSWORD, or password="..." in sasl.jaas.config of a --command-config file (avoid --sasl-password: command lines end up in shell history and process lists).',
      );
    }
    if (mechanism && username && password) {
      origins.saslMechanism = mechanismOrigin ?? "";
      origins.saslUsername = username.origin;
      origins.saslPassword = password.origin;
      sasl = { mechanism, username: username.value, password: password.value as Secret };
      const moduleKind = loginModule ? mechanismForLoginModule(loginModule.value) : undefined;
      const agrees =
        moduleKind === undefined || (moduleKind === "SCRAM" ? mechanism.startsWith("SCRAM") : moduleKind === mechanism);
      if (loginModule && !agrees) {
        diagnostics.push({
          code: "connection/ignored-setting",
          severity: "warning",
          message: `The login module in ${loginModule.origin} does not match SASL mechanism ${mechanism}; only its username and password are used`,
          why: "kgov authenticates with the mechanism that is set, as the Java client does.",
          fix: `Use ${mechanism === "PLAIN" ? PLAIN_LOGIN_MODULE : SCRAM_LOGIN_MODULE} in sasl.jaas.config to keep the file consistent.`,
          path: loginModule.origin,
        });
      }
    }
  } else if (protocol && saslGiven) {
    diagnostics.push({
      code: "connection/ignored-setting",
      severity: "warning",
      message: `SASL settings (${saslGiven.origin}) are ignored because the security protocol is ${protocol}`,
      why: "Only SASL_PLAINTEXT and SASL_SSL authenticate with SASL.",
      fix: "Set the security protocol to SASL_PLAINTEXT or SASL_SSL if the listener expects SASL, or remove the SASL settings.",
      ...(protocolRaw ? { path: protocolRaw.origin } : {}),
    });
  }

  // TLS.
  let tls: TlsSettings | undefined;
  if (protocol && usesTls(protocol)) {
    if (tlsCert && !tlsKey) {
      error(
        `A client certificate is set (${tlsCert.origin}) without its private key`,
        "Mutual TLS needs both the certificate chain and the private key.",
        "Also set --tls-key, KGOV_SSL_KEY_LOCATION or ssl.keystore.key.",
        tlsCert,
      );
    }
    if (tlsKey && !tlsCert) {
      error(
        `A client private key is set (${tlsKey.origin}) without its certificate`,
        "Mutual TLS needs both the certificate chain and the private key.",
        "Also set --tls-cert, KGOV_SSL_CERTIFICATE_LOCATION or ssl.keystore.certificate.chain.",
        tlsKey,
      );
    }
    const withOrigin = (name: SettingName, s: Sourced<PemSource> | undefined): PemSource | undefined => {
      if (s) origins[name] = s.origin;
      return s?.value;
    };
    const ca = withOrigin("tlsCa", tlsCa);
    const cert = withOrigin("tlsCert", tlsCert);
    const key = withOrigin("tlsKey", tlsKey);
    if (tlsKeyPassword && !tlsKey) {
      diagnostics.push({
        code: "connection/ignored-setting",
        severity: "warning",
        message: `A private key password is set (${tlsKeyPassword.origin}) but no private key`,
        path: tlsKeyPassword.origin,
      });
    } else if (tlsKeyPassword) {
      origins.tlsKeyPassword = tlsKeyPassword.origin;
    }
    origins.verifyHostname = verifyHostname?.origin ?? "default";
    tls = {
      ...(ca ? { ca } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
      ...(tlsKeyPassword && tlsKey ? { keyPassword: tlsKeyPassword.value } : {}),
      verifyHostname: verifyHostname?.value ?? true,
    };
  } else if (protocol && (tlsGiven || tlsKeyPassword)) {
    const given = tlsGiven ?? tlsKeyPassword;
    diagnostics.push({
      code: "connection/ignored-setting",
      severity: "warning",
      message: `TLS settings (${given?.origin}) are ignored because the security protocol is ${protocol}`,
      why: "Only SSL and SASL_SSL use TLS.",
      fix: "Set the security protocol to SSL or SASL_SSL if the listener uses TLS, or remove the TLS settings.",
      ...(protocolRaw ? { path: protocolRaw.origin } : {}),
    });
  }

  // Timeouts and client id.
  const connectTimeoutMs = timeout(
    pick("connectTimeoutMs"),
    DEFAULT_CONNECT_TIMEOUT_MS,
    "connect timeout",
    diagnostics,
  );
  origins.connectTimeoutMs = pick("connectTimeoutMs")?.origin ?? "default";
  const requestTimeoutMs = timeout(
    pick("requestTimeoutMs"),
    DEFAULT_REQUEST_TIMEOUT_MS,
    "request timeout",
    diagnostics,
  );
  origins.requestTimeoutMs = pick("requestTimeoutMs")?.origin ?? "default";
  const clientIdRaw = pick("clientId");
  let clientId = DEFAULT_CLIENT_ID;
  if (clientIdRaw) {
    if (/^\S+$/.test(clientIdRaw.value)) {
      clientId = clientIdRaw.value;
      origins.clientId = clientIdRaw.origin;
    } else {
      error(
        `Client id "${clientIdRaw.value}" (from ${clientIdRaw.origin}) contains whitespace`,
        "Brokers log and throttle by client id; kgov's Kafka client accepts no whitespace in it.",
        "Use a client id without spaces, e.g. kgov-ci.",
        clientIdRaw,
      );
    }
  } else {
    origins.clientId = "default";
  }

  if (hasErrors(diagnostics) || !protocol) return { diagnostics };
  return {
    settings: {
      bootstrapServers,
      securityProtocol: protocol,
      ...(sasl ? { sasl } : {}),
      ...(tls ? { tls } : {}),
      connectTimeoutMs,
      requestTimeoutMs,
      clientId,
      origins,
    },
    diagnostics,
  };
}

/** Splits `host:port,host:port`, accepting `[v6]:port`; blank entries are skipped as the Java client does. */
export function parseBootstrapServers(list: string): { valid: BrokerAddress[]; invalid: string[] } {
  const valid: BrokerAddress[] = [];
  const invalid: string[] = [];
  for (const raw of list.split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const match = /^\[([0-9a-fA-F:.%\w]+)\]:(\d{1,5})$/.exec(entry) ?? /^([^\s:[\]/]+):(\d{1,5})$/.exec(entry);
    const port = match ? Number(match[2]) : NaN;
    if (!match || !(port >= 1 && port <= 65535)) {
      invalid.push(entry);
      continue;
    }
    valid.push({ host: match[1] as string, port });
  }
  return { valid, invalid };
}

function timeout(raw: Sourced<string> | undefined, fallback: number, what: string, diagnostics: Diagnostic[]): number {
  if (!raw) return fallback;
  const text = raw.value.trim();
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= MAX_TIMEOUT_MS)) {
    diagnostics.push({
      code: "connection/invalid-config",
      severity: "error",
      message: `The ${what} "${text}" (from ${raw.origin}) is not a whole number of milliseconds between 1 and ${MAX_TIMEOUT_MS}`,
      why: "kgov waits at most this long and then reports the broker unreachable; it must be a bounded wait.",
      fix: `Give milliseconds, e.g. ${fallback} (the default).`,
      ...(raw.source ? { source: raw.source } : { path: raw.origin }),
    });
    return fallback;
  }
  return value;
}

type LoginModuleKind = "PLAIN" | "SCRAM" | "GSSAPI" | "OAUTHBEARER" | "AWS_MSK_IAM";

function mechanismForLoginModule(loginModule: string): LoginModuleKind | undefined {
  const simple = loginModule.slice(loginModule.lastIndexOf(".") + 1);
  switch (simple) {
    case "PlainLoginModule":
      return "PLAIN";
    case "ScramLoginModule":
      return "SCRAM";
    case "Krb5LoginModule":
      return "GSSAPI";
    case "OAuthBearerLoginModule":
      return "OAUTHBEARER";
    case "IAMLoginModule":
      return "AWS_MSK_IAM";
    default:
      return undefined;
  }
}

function unsupportedMechanism(mechanism: string, origin: Sourced<unknown>): Diagnostic {
  const known = (UNSUPPORTED_SASL_MECHANISMS as readonly string[]).includes(mechanism);
  return known
    ? {
        code: "connection/unsupported",
        severity: "error",
        message: `SASL mechanism ${mechanism} (from ${origin.origin}) is not supported by kgov yet`,
        why: `kgov authenticates with ${SASL_MECHANISMS.join(", ")}; ${mechanism} needs extra client support that is planned but not built.`,
        fix: "Connect through a listener that offers PLAIN or SCRAM (ask the cluster operator for a SCRAM user for kgov).",
        path: origin.origin,
      }
    : {
        code: "connection/invalid-config",
        severity: "error",
        message: `SASL mechanism "${mechanism}" (from ${origin.origin}) is not a known mechanism`,
        why: `kgov authenticates with ${SASL_MECHANISMS.join(", ")}.`,
        fix: "Use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, as configured on the broker listener.",
        path: origin.origin,
      };
}
