import { REDACTED } from "./secret.js";
import { formatBroker, type ConnectionSettings, type PemSource, type SettingName } from "./settings.js";

/**
 * Connection settings made safe for display and JSON: secrets are replaced by a placeholder, inline PEM by a short
 * note. This (not ConnectionSettings) is what commands print. Keys are camelCase and stable (part of the JSON output).
 */
export interface ConnectionDescription {
  bootstrapServers: string[];
  securityProtocol: string;
  sasl?: { mechanism: string; username: string; password: string };
  tls?: {
    ca: string;
    clientCertificate?: string;
    clientKey?: string;
    keyPassword?: string;
    verifyHostname: boolean;
  };
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  clientId: string;
  /** Where each setting came from (a flag, a variable, `file:line`, "default", "inferred from ..."). */
  origins: Partial<Record<SettingName, string>>;
}

function describePem(source: PemSource): string {
  return source.kind === "file" ? `file ${source.path}` : "inline PEM";
}

export function describeConnection(settings: ConnectionSettings): ConnectionDescription {
  const { sasl, tls } = settings;
  return {
    bootstrapServers: settings.bootstrapServers.map(formatBroker),
    securityProtocol: settings.securityProtocol,
    ...(sasl ? { sasl: { mechanism: sasl.mechanism, username: sasl.username, password: REDACTED } } : {}),
    ...(tls
      ? {
          tls: {
            ca: tls.ca ? describePem(tls.ca) : "system default CAs",
            ...(tls.cert ? { clientCertificate: describePem(tls.cert) } : {}),
            ...(tls.key ? { clientKey: describePem(tls.key) } : {}),
            ...(tls.keyPassword ? { keyPassword: REDACTED } : {}),
            verifyHostname: tls.verifyHostname,
          },
        }
      : {}),
    connectTimeoutMs: settings.connectTimeoutMs,
    requestTimeoutMs: settings.requestTimeoutMs,
    clientId: settings.clientId,
    origins: { ...settings.origins },
  };
}

/** One line for text output, e.g. `127.0.0.1:9092 via SASL_SSL, SCRAM-SHA-512 as alice, mTLS`. */
export function summarizeConnection(settings: ConnectionSettings): string {
  const parts = [`${settings.bootstrapServers.map(formatBroker).join(",")} via ${settings.securityProtocol}`];
  if (settings.sasl) parts.push(`${settings.sasl.mechanism} as ${settings.sasl.username}`);
  if (settings.tls?.cert) parts.push("client certificate");
  if (settings.tls && !settings.tls.verifyHostname) parts.push("hostname verification off");
  return parts.join(", ");
}
