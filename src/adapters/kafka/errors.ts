import { formatBroker, type ConnectionSettings } from "../../core/connection/index.js";
import type { Diagnostic } from "../../core/diagnostics/index.js";

/**
 * Turns whatever @platformatic/kafka throws into one classified diagnostic.
 *
 * Shapes observed against Kafka 4.4 / 3.9 with @platformatic/kafka 2.12 (see docs in the adapter tests):
 * - errors nest: MultipleErrors("Cannot connect to any broker." | "<op> failed N times." | "Describing configs
 *   failed.") → `errors[]` → NetworkError("Connection to h:p failed.") → `cause` → AuthenticationError / UserError /
 *   a Node system error → `cause` → ResponseError → `errors[]` → ProtocolError { apiId, apiCode, serverErrorMessage };
 * - wrong password: ProtocolError apiId SASL_AUTHENTICATION_FAILED (under AuthenticationError "SASL authentication
 *   failed.");
 * - mechanism not enabled on the listener: ProtocolError UNSUPPORTED_SASL_MECHANISM (under AuthenticationError "Cannot
 *   find a suitable SASL mechanism.");
 * - missing ACL: ProtocolError CLUSTER_AUTHORIZATION_FAILED / TOPIC_AUTHORIZATION_FAILED / GROUP_... with `path`;
 * - refused / DNS: Node error with code ECONNREFUSED / ENOTFOUND / EAI_AGAIN under NetworkError;
 * - silent peer: TimeoutError (its `code` is PLT_KFK_NETWORK, its message "... timed out");
 * - TLS client against a plaintext listener: UserError "TLS handshake failed..." over ECONNRESET;
 * - plaintext client against a SASL or TLS listener: a bare NetworkError "Connection closed".
 *
 * Nothing from the error is copied into the diagnostic except broker-written messages and Node error codes, and even
 * those pass through `scrub`, which removes any configured secret.
 */

export interface ErrorContext {
  readonly settings: ConnectionSettings;
  /** What kgov was doing, as a verb phrase: "connect to the cluster", "describe the cluster". */
  readonly operation: string;
  /** The ACL the operation needs, when known: e.g. "DESCRIBE_CONFIGS on the cluster". */
  readonly requiredPermission?: string;
  /** Whether a connection had already been established (errors after that are not about reachability). */
  readonly connected: boolean;
}

interface Leaf {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
  readonly apiId?: string;
  readonly serverErrorMessage?: string;
  readonly path?: string;
}

/** Flattens the error tree (AggregateError `errors` and `cause` chains) into its nodes, depth first. */
export function flattenErrors(error: unknown, limit = 200): Leaf[] {
  const out: Leaf[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown): void => {
    if (out.length >= limit || e === null || e === undefined || seen.has(e)) return;
    seen.add(e);
    if (typeof e !== "object") {
      out.push({ name: typeof e, message: String(e) });
      return;
    }
    const o = e as Record<string, unknown>;
    out.push({
      name: typeof o.constructor === "function" ? (o.constructor as { name: string }).name : "Object",
      message: typeof o.message === "string" ? o.message : "",
      ...(typeof o.code === "string" ? { code: o.code } : {}),
      ...(typeof o.apiId === "string" ? { apiId: o.apiId } : {}),
      ...(typeof o.serverErrorMessage === "string" ? { serverErrorMessage: o.serverErrorMessage } : {}),
      ...(typeof o.path === "string" ? { path: o.path } : {}),
    });
    if (Array.isArray(o.errors)) for (const child of o.errors) visit(child);
    if ("cause" in o) visit(o.cause);
  };
  visit(error);
  return out;
}

/**
 * Removes every configured secret from text that came from outside kgov (broker messages, Node error messages).
 * kgov's own wording never contains a secret. Secrets shorter than 6 characters are left alone: replacing them would
 * mangle ordinary words, and a broker never echoes a password anyway; this is defence in depth.
 */
export function scrub(text: string, settings: ConnectionSettings): string {
  let out = text;
  const secrets = [settings.sasl?.password.reveal(), settings.tls?.keyPassword?.reveal()];
  for (const secret of secrets) {
    if (secret && secret.length >= 6) out = out.split(secret).join("<redacted>");
  }
  return out;
}

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_FAIL",
  "EAI_NONAME",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENETDOWN",
  "EADDRNOTAVAIL",
]);

/**
 * Whether a request that failed with `error` may still have been carried out by the cluster: its connection was lost
 * or no answer came in time (the request timeout, or kgov's own deadline: the broker may have acted on it, or may act
 * once it runs again), rather than a connection that could not be opened (refused, DNS, connect timeout: nothing was
 * sent) or an answer (the broker said what it did). Conservative: a connection found closed just before sending
 * counts as lost, since the library reports both the same way.
 */
export function requestOutcomeUnknown(error: unknown): boolean {
  const leaves = flattenErrors(error);
  if (timedOut(leaves)) return true;
  if (leaves.some((l) => l.apiId !== undefined)) return false;
  if (leaves.some((l) => l.code !== undefined && UNREACHABLE_CODES.has(l.code))) return false;
  return leaves.some((l) => /Connection closed|ECONNRESET|EPIPE|socket hang up/i.test(`${l.message} ${l.code ?? ""}`));
}

/** Whether no answer came in time: the library's request timeout, or kgov's own deadline. */
function requestTimedOut(error: unknown): boolean {
  return timedOut(flattenErrors(error));
}

function timedOut(leaves: readonly Leaf[]): boolean {
  return leaves.some((l) => l.name === "DeadlineExceeded" || /^Request timed out/i.test(l.message));
}

/**
 * Awaits requests sent at once and rejects with the failure that explains the others: when a request times out the
 * library destroys its connection, and every other request in flight on it fails with "Connection closed", which may
 * reach the caller first. Waiting for all of them also leaves no rejection unobserved.
 */
export async function settleAll<T extends readonly unknown[]>(requests: {
  readonly [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const settled = await Promise.allSettled(requests);
  const failures = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
  if (failures.length > 0) throw failures.find(requestTimedOut) ?? failures[0];
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Node/OpenSSL codes that mean the TLS handshake or the certificate check failed. */
function isTlsCode(code: string | undefined): boolean {
  if (!code) return false;
  return (
    code.startsWith("ERR_SSL_") ||
    code.startsWith("ERR_TLS_") ||
    code === "EPROTO" ||
    /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH/.test(code)
  );
}

const AUTHORIZATION_RESOURCES: Record<string, string> = {
  CLUSTER_AUTHORIZATION_FAILED: "the cluster",
  TOPIC_AUTHORIZATION_FAILED: "a topic",
  GROUP_AUTHORIZATION_FAILED: "a consumer group",
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: "a transactional id",
  DELEGATION_TOKEN_AUTHORIZATION_FAILED: "delegation tokens",
};

/** The principal the broker authorizes: `User:<sasl user>`, the certificate's DN, or `User:ANONYMOUS`. */
export function principalOf(settings: ConnectionSettings): string {
  if (settings.sasl) return `User:${settings.sasl.username}`;
  if (settings.tls?.cert) return "the principal of kgov's client certificate (User:<certificate DN>)";
  return "User:ANONYMOUS";
}

/** The bootstrap servers as named in messages. */
export function target(settings: ConnectionSettings): string {
  const servers = settings.bootstrapServers.map(formatBroker);
  return servers.length === 1 ? (servers[0] as string) : `any of ${servers.join(", ")}`;
}

export function classifyKafkaError(error: unknown, context: ErrorContext): Diagnostic {
  // Only messages and codes are read from the error tree, and every message is scrubbed on the way in.
  const leaves = flattenErrors(error).map((l) => ({
    ...l,
    message: scrub(l.message, context.settings),
    ...(l.serverErrorMessage !== undefined
      ? { serverErrorMessage: scrub(l.serverErrorMessage, context.settings) }
      : {}),
  }));
  return classify(leaves, context);
}

function classify(leaves: readonly Leaf[], context: ErrorContext): Diagnostic {
  const { settings } = context;
  const apiIds = leaves.filter((l) => l.apiId !== undefined);
  const brokerSaid = (leaf: Leaf | undefined): string =>
    leaf?.serverErrorMessage ? ` The broker said: "${leaf.serverErrorMessage}".` : "";

  // 1. Authorization: the principal lacks an ACL.
  const denied = apiIds.find((l) => l.apiId !== undefined && l.apiId in AUTHORIZATION_RESOURCES);
  if (denied?.apiId) {
    const principal = principalOf(settings);
    const needed = context.requiredPermission ?? `a permission on ${AUTHORIZATION_RESOURCES[denied.apiId]}`;
    const aclHint = context.requiredPermission
      ? ` e.g. kafka-acls.sh --bootstrap-server ${target(settings)} --command-config admin.properties --add --allow-principal ${principal.startsWith("User:") ? principal : "User:<DN>"} ${aclCliHint(context.requiredPermission)}`
      : "";
    return {
      code: "kafka/authorization-failed",
      severity: "error",
      message: `${principal} is not allowed to ${context.operation}: it lacks ${needed}`,
      why: `The broker answered ${denied.apiId}: the cluster's authorizer has no ACL granting this to ${principal}.${brokerSaid(denied)}`,
      fix: `Ask a cluster administrator to grant ${needed} to ${principal}${aclHint ? ` (${aclHint.trim()})` : ""}, or run kgov as a principal that has it.`,
    };
  }

  // 2. Authentication.
  const saslFailed = apiIds.find((l) => l.apiId === "SASL_AUTHENTICATION_FAILED");
  if (saslFailed) {
    const who = settings.sasl ? `${settings.sasl.mechanism} user "${settings.sasl.username}"` : "the client";
    return {
      code: "kafka/authentication-failed",
      severity: "error",
      message: `The broker rejected the credentials of ${who}`,
      why: `Wrong password, unknown user, or a user without ${settings.sasl?.mechanism ?? "SASL"} credentials on the cluster.${brokerSaid(saslFailed)}`,
      fix: `Check the username and password (KGOV_SASL_USERNAME / KGOV_SASL_PASSWORD or sasl.jaas.config), and that the user has ${
        settings.sasl?.mechanism.startsWith("SCRAM")
          ? `${settings.sasl.mechanism} credentials (kafka-configs.sh --alter --add-config '${settings.sasl.mechanism}=[password=...]' --entity-type users --entity-name ${settings.sasl.username})`
          : "an entry in the listener's JAAS configuration"
      }.`,
    };
  }
  const mechanismRejected = apiIds.find((l) => l.apiId === "UNSUPPORTED_SASL_MECHANISM");
  if (mechanismRejected) {
    return {
      code: "kafka/authentication-failed",
      severity: "error",
      message: `The broker listener does not accept SASL mechanism ${settings.sasl?.mechanism ?? "(none)"}`,
      why: "The listener's sasl.enabled.mechanisms does not include the mechanism kgov was configured with.",
      fix: "Use a mechanism the listener enables (ask the cluster operator), e.g. --sasl-mechanism SCRAM-SHA-512.",
    };
  }
  const otherAuth = apiIds.find((l) => l.apiId === "ILLEGAL_SASL_STATE");
  const authLeaf = leaves.find((l) => l.code === "PLT_KFK_AUTHENTICATION");

  // 3. TLS.
  const tlsHandshake = leaves.find((l) => l.code === "PLT_KFK_USER" && /TLS handshake failed/i.test(l.message));
  if (tlsHandshake) {
    return {
      code: "kafka/tls-failed",
      severity: "error",
      message: `The TLS handshake with ${target(settings)} failed: the listener does not seem to speak TLS`,
      why: `kgov connected with ${settings.securityProtocol}, and the broker reset the connection during the handshake; a PLAINTEXT or SASL_PLAINTEXT listener does that.`,
      fix: "Use the security protocol of the listener you connect to (PLAINTEXT or SASL_PLAINTEXT for a non-TLS port), or the port of the TLS listener.",
    };
  }
  const tlsLeaf = leaves.find((l) => isTlsCode(l.code));
  if (tlsLeaf && settings.tls) {
    return tlsDiagnostic(tlsLeaf, settings);
  }

  // 4. Broker too old for an API.
  const unsupported = leaves.find((l) => l.code === "PLT_KFK_UNSUPPORTED_API");
  if (unsupported) {
    return {
      code: "kafka/unsupported-version",
      severity: "error",
      message: `The broker does not offer an API version kgov needs to ${context.operation}`,
      why: `${unsupported.message} kgov supports Apache Kafka 3.5 and newer (KRaft), including 4.x.`,
      fix: "Upgrade the cluster, or run kgov against a cluster on Kafka 3.5 or newer.",
    };
  }

  // kgov's own deadline fired: nothing answered in time, and the connections the library then closed (mid-SASL, say)
  // are a consequence, not a protocol mismatch.
  if (leaves.some((l) => l.name === "DeadlineExceeded")) return unreachable(settings, context, "timeout");

  if (authLeaf || otherAuth) {
    // AuthenticationError without a broker verdict: the SASL exchange broke off (e.g. connection closed mid-way).
    const closed = leaves.some((l) => /Connection closed/i.test(l.message));
    if (closed && settings.securityProtocol === "SASL_PLAINTEXT") return protocolMismatch(settings, context);
    return {
      code: "kafka/authentication-failed",
      severity: "error",
      message: `SASL authentication with ${target(settings)} did not complete`,
      why: `${authLeaf?.message ?? "The SASL exchange failed."}${brokerSaid(otherAuth)}`,
      fix: "Check the SASL mechanism and that the port is the listener's SASL port (and, for SASL_SSL, that TLS is on).",
    };
  }

  // 5. Unreachable: refused, DNS, timeouts.
  const address = leaves.map((l) => /Connection to (\S+) (?:failed|timed out)/.exec(l.message)?.[1]).find(Boolean);
  const system = leaves.find((l) => l.code !== undefined && UNREACHABLE_CODES.has(l.code));
  if (system?.code) return unreachable(settings, context, system.code, address);
  const timedOut = leaves.find((l) => /timed out/i.test(l.message));
  if (timedOut) return unreachable(settings, context, "timeout", address);

  // 6. The broker hung up on us during connect: usually a protocol mismatch.
  const closed = leaves.find((l) =>
    /Connection closed|ECONNRESET|socket hang up/i.test(`${l.message} ${l.code ?? ""}`),
  );
  if (closed && !context.connected) return protocolMismatch(settings, context);

  // 7. Any other broker error.
  const protocolError = apiIds[0];
  const detail = protocolError
    ? `${protocolError.apiId}${protocolError.serverErrorMessage ? `: ${protocolError.serverErrorMessage}` : ""}`
    : (leaves.find((l) => l.message)?.message ?? "unknown error");
  return {
    code: "kafka/request-failed",
    severity: "error",
    message: `Kafka could not ${context.operation}: ${detail}`,
    why: closed
      ? "The connection to the broker was lost while the request was in flight."
      : "The broker returned an error.",
    fix: "Re-run; if it persists, check the broker logs, and re-run with KGOV_DEBUG=1 for details.",
  };
}

function aclCliHint(permission: string): string {
  // "DESCRIBE_CONFIGS on the cluster" → --operation DescribeConfigs --cluster
  const [op, , ...rest] = permission.split(" ");
  const operation = (op ?? "")
    .toLowerCase()
    .split("_")
    .map((w) => (w[0]?.toUpperCase() ?? "") + w.slice(1))
    .join("");
  const resource = rest.join(" ");
  if (resource === "the cluster") return `--operation ${operation} --cluster`;
  const topic = /^topic "(.+)"$/.exec(resource);
  if (topic) return `--operation ${operation} --topic ${topic[1]}`;
  return `--operation ${operation}`;
}

function unreachable(settings: ConnectionSettings, context: ErrorContext, code: string, address?: string): Diagnostic {
  const dns = code.startsWith("EAI_") || code === "ENOTFOUND";
  const reason = dns
    ? "the host name does not resolve (DNS)"
    : code === "ECONNREFUSED"
      ? "the connection was refused: nothing listens on that port"
      : code === "timeout"
        ? context.connected
          ? `a broker stopped answering (request timeout ${settings.requestTimeoutMs} ms)`
          : `no answer within ${settings.connectTimeoutMs} ms`
        : `the network reported ${code}`;
  // After connecting, failures concern brokers' advertised addresses, which the error names; before, the bootstrap list.
  const where = context.connected && address ? address : target(settings);
  return {
    code: "kafka/unreachable",
    severity: "error",
    message: `Cannot reach Kafka at ${where}: ${reason}`,
    why: context.connected
      ? `kgov had connected, but could not reach a broker to ${context.operation}; brokers are reached at the addresses they advertise (advertised.listeners), which may differ from the bootstrap servers.`
      : `kgov must reach a bootstrap server to ${context.operation}.`,
    fix: dns
      ? "Check the host names in the bootstrap servers, and that this machine's DNS can resolve them."
      : code === "timeout"
        ? "Check that the address is right and that no firewall or VPN drops the traffic; raise --connect-timeout only for genuinely slow links."
        : "Check the bootstrap servers (host and port of the broker listener) and that the brokers are running.",
  };
}

function protocolMismatch(settings: ConnectionSettings, context: ErrorContext): Diagnostic {
  const suggestion =
    settings.securityProtocol === "PLAINTEXT"
      ? "If the listener uses SASL, set --security-protocol SASL_PLAINTEXT (or SASL_SSL) with a mechanism and credentials; if it uses TLS, SSL."
      : settings.securityProtocol === "SASL_PLAINTEXT"
        ? "If the listener uses TLS, set --security-protocol SASL_SSL."
        : "Check the listener's security protocol with the cluster operator.";
  return {
    code: "kafka/unreachable",
    severity: "error",
    message: `${target(settings)} closed the connection before kgov could ${context.operation} (connected with ${settings.securityProtocol})`,
    why: "A broker hangs up like this when the client speaks another security protocol than the listener expects (for example PLAINTEXT against a SASL listener).",
    fix: `${suggestion} The broker's listener.security.protocol.map shows what each port expects.`,
  };
}

function tlsDiagnostic(leaf: Leaf, settings: ConnectionSettings): Diagnostic {
  const code = leaf.code ?? "";
  let why: string;
  let fix: string;
  if (/SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|CERT_UNTRUSTED|UNABLE_TO_GET_ISSUER/.test(code)) {
    why = `The broker's certificate is not signed by a CA kgov trusts (${code}).`;
    fix = settings.tls?.ca
      ? "Check that the trusted CA file (--tls-ca / ssl.truststore.location) holds the CA that signed the broker certificates."
      : "Give the CA that signed the broker certificates with --tls-ca, KGOV_SSL_CA_LOCATION or ssl.truststore.location.";
  } else if (/ALTNAME|HOSTNAME/.test(code)) {
    why = `The broker's certificate does not name the host kgov connected to (${code}).`;
    fix =
      "Connect with the host name the certificate is issued for, or (only if you accept the risk) turn hostname checks off with ssl.endpoint.identification.algorithm= (empty).";
  } else if (
    /ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|HANDSHAKE_FAILURE)/.test(code)
  ) {
    why = `The broker rejected kgov's client certificate, or its absence (${code}): the listener requires mutual TLS.`;
    fix = settings.tls?.cert
      ? "Check that the client certificate (--tls-cert / ssl.keystore.*) is signed by a CA the broker trusts (its ssl.truststore) and has not expired."
      : "Give a client certificate and key with --tls-cert and --tls-key (or ssl.keystore.* in the --command-config file).";
  } else if (/EXPIRED|NOT_YET_VALID/.test(code)) {
    why = `The broker's certificate is outside its validity period (${code}).`;
    fix = "Renew the broker certificate, or check this machine's clock.";
  } else {
    why = `The TLS layer reported ${code}: ${leaf.message}`;
    fix =
      "Check that the port is a TLS listener and, for mutual TLS, that the client certificate is signed by a CA the broker trusts (ssl.client.auth).";
  }
  return {
    code: "kafka/tls-failed",
    severity: "error",
    message: `The TLS handshake with ${target(settings)} failed`,
    why,
    fix,
  };
}
