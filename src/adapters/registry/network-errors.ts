import type { Diagnostic } from "../../core/diagnostics/index.js";
import { RegistryPortError } from "../../ports/registry.js";
import { flattenErrors } from "../kafka/errors.js";
import { scrubSecrets } from "./endpoint.js";
import { attempts, type FailureContext } from "./errors.js";

/**
 * Failures before any HTTP answer. Node's fetch rejects with a TimeoutError (AbortSignal.timeout) or with
 * TypeError("fetch failed" | "terminated") whose `cause` holds the Node or undici error: ECONNREFUSED, ENOTFOUND,
 * UND_ERR_SOCKET ("other side closed"), or an OpenSSL code for TLS.
 */

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === "TimeoutError";
}

function causeCodes(error: unknown): string[] {
  return flattenErrors(error).flatMap((leaf) => (leaf.code !== undefined ? [leaf.code] : []));
}

/** Certificate and handshake failures: retrying cannot help. */
function tlsCode(error: unknown): string | undefined {
  return causeCodes(error).find(
    (code) => /^ERR_(SSL|TLS)_/.test(code) || /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME|EPROTO/.test(code),
  );
}

/** Network trouble and timeouts are worth another attempt; TLS verdicts and kgov's own mistakes are not. */
export function isRetryableTransportError(error: unknown): boolean {
  if (isTimeout(error)) return true;
  return error instanceof TypeError && error.cause !== undefined && tlsCode(error) === undefined;
}

export function transportFailure(
  error: unknown,
  context: FailureContext,
  sent: { readonly attempts: number; readonly timeoutMs: number },
): RegistryPortError {
  const tls = tlsCode(error);
  return new RegistryPortError(tls ? tlsFailed(tls, context) : unreachable(error, context, sent));
}

function tlsFailed(code: string, context: FailureContext): Diagnostic {
  const untrusted = /SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|CERT_UNTRUSTED/.test(code);
  const wrongHost = /ALTNAME|HOSTNAME/.test(code);
  const notTls = /WRONG_VERSION_NUMBER|EPROTO/.test(code);
  return {
    code: "registry/tls-failed",
    severity: "error",
    message: `The TLS handshake with the Schema Registry at ${context.endpoint.base} failed (${code})`,
    why: untrusted
      ? "The registry's certificate is not signed by a CA kgov trusts."
      : wrongHost
        ? "The registry's certificate does not name the host in the URL."
        : notTls
          ? "The port does not speak TLS: the URL says https:// but the registry listens with plain HTTP there."
          : "The TLS layer refused the connection (an expired certificate, or the registry refused kgov's client certificate).",
    fix: untrusted
      ? "Give the CA that signed the registry's certificate in registry.tls.caFile."
      : wrongHost
        ? "Use the host name the certificate is issued for in the registry URL."
        : notTls
          ? "Use http:// for a plain-HTTP registry, or the port of its TLS listener."
          : "Check the certificates' validity dates, and for mutual TLS that registry.tls.certFile and keyFile hold a certificate the registry trusts.",
  };
}

function unreachable(
  error: unknown,
  context: FailureContext,
  sent: { readonly attempts: number; readonly timeoutMs: number },
): Diagnostic {
  const codes = causeCodes(error);
  const has = (pattern: RegExp) => codes.some((code) => pattern.test(code));
  const timedOut = isTimeout(error) || has(/TIMEOUT|ETIMEDOUT/);
  const closed = has(/UND_ERR_SOCKET|ECONNRESET|EPIPE/);
  const reason = timedOut
    ? `no answer within ${sent.timeoutMs} ms`
    : has(/ECONNREFUSED/)
      ? "the connection was refused: nothing listens on that port"
      : has(/ENOTFOUND|EAI_/)
        ? "the host name does not resolve (DNS)"
        : closed
          ? "the connection was closed before the answer arrived"
          : `the network reported ${codes[0] ?? scrubSecrets(networkMessage(error), context.endpoint.secrets)}`;
  const mutualTlsHint =
    closed && context.endpoint.isHttps
      ? " A registry that requires a client certificate (mutual TLS) also closes connections that present none."
      : "";
  return {
    code: "registry/unreachable",
    severity: "error",
    message: `Cannot reach the Schema Registry at ${context.endpoint.base}: ${reason} (${attempts(sent)})`,
    why: `kgov must reach the registry to ${context.operation}, and retried with backoff before giving up.${mutualTlsHint}`,
    fix: timedOut
      ? "Check that the registry is healthy and that no firewall or proxy drops the traffic; raise registry.timeoutMs only for a genuinely slow registry."
      : "Check the registry URL (scheme, host, port and path) and that the registry is running; CI may retry this failure.",
  };
}

function networkMessage(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
