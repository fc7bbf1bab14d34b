import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { resolve } from "node:path";
import { createSecureContext, type ConnectionOptions as NodeTlsOptions } from "node:tls";
import type { PemSource, TlsSettings } from "../../core/connection/index.js";
import type { Diagnostic } from "../../core/diagnostics/index.js";

/** PEM text ready for Node's TLS layer. Held only in memory for the life of the connection. */
export interface PemMaterial {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly passphrase?: string;
  readonly verifyHostname: boolean;
}

export type FileReader = (path: string) => Promise<Buffer>;

/**
 * Maps PEM material onto node:tls options. Certificates are always verified against `ca` (or Node's default CAs);
 * turning hostname verification off (ssl.endpoint.identification.algorithm=) keeps the chain check and skips only the
 * name check, as the Java client does.
 */
export function nodeTlsOptions(material: PemMaterial): NodeTlsOptions {
  return {
    ...(material.ca !== undefined ? { ca: material.ca } : {}),
    ...(material.cert !== undefined ? { cert: material.cert } : {}),
    ...(material.key !== undefined ? { key: material.key } : {}),
    ...(material.passphrase !== undefined ? { passphrase: material.passphrase } : {}),
    rejectUnauthorized: true,
    ...(material.verifyHostname ? {} : { checkServerIdentity: () => undefined }),
  };
}

/**
 * SNI: the Java client sends the broker's host name, Node sends none unless asked. Platformatic can only send the host
 * of every connection, and Node warns (DEP0123) when that is an IP address, so it is turned on when every bootstrap
 * host is a name.
 */
export function shouldSendServerName(hosts: readonly string[]): boolean {
  return hosts.length > 0 && hosts.every((h) => isIP(h) === 0);
}

const JKS_MAGIC = 0xfeedfeed;

type Role = "ca" | "cert" | "key";
const ROLE_LABEL: Record<Role, string> = {
  ca: "trusted CA certificates",
  cert: "client certificate",
  key: "client private key",
};
const ROLE_FLAG: Record<Role, string> = {
  ca: "--tls-ca / KGOV_SSL_CA_LOCATION / ssl.truststore.location",
  cert: "--tls-cert / KGOV_SSL_CERTIFICATE_LOCATION / ssl.keystore.location",
  key: "--tls-key / KGOV_SSL_KEY_LOCATION / ssl.keystore.location",
};

/**
 * Checks that `text` holds the PEM blocks `role` needs. Messages name the file and what is missing, never the content.
 */
export function checkPem(role: Role, text: string, where: string, hasPassphrase: boolean): Diagnostic | undefined {
  const hasCert = /-----BEGIN (TRUSTED )?CERTIFICATE-----/.test(text);
  const keyMatch = /-----BEGIN ((?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY)-----/.exec(text);
  if (role !== "key" && !hasCert) {
    return {
      code: "connection/invalid-config",
      severity: "error",
      message: `The ${ROLE_LABEL[role]} (${where}) contain no PEM certificate`,
      why: "kgov expects PEM text with -----BEGIN CERTIFICATE----- blocks.",
      fix: `Point ${ROLE_FLAG[role]} at a PEM file (convert JKS or PKCS12 stores with keytool or openssl first).`,
    };
  }
  if (role === "key") {
    if (!keyMatch) {
      return {
        code: "connection/invalid-config",
        severity: "error",
        message: `The ${ROLE_LABEL.key} (${where}) contains no PEM private key`,
        why: "kgov expects PEM text with a -----BEGIN PRIVATE KEY----- (or RSA/EC/ENCRYPTED PRIVATE KEY) block.",
        fix: `Point ${ROLE_FLAG.key} at the PEM private key that belongs to the client certificate.`,
      };
    }
    const encrypted = keyMatch[1] === "ENCRYPTED PRIVATE KEY" || /Proc-Type:\s*4,ENCRYPTED/.test(text);
    if (encrypted && !hasPassphrase) {
      return {
        code: "connection/invalid-config",
        severity: "error",
        message: `The ${ROLE_LABEL.key} (${where}) is encrypted and no key password is set`,
        why: "An encrypted private key cannot be used without its password.",
        fix: "Set KGOV_SSL_KEY_PASSWORD, or ssl.key.password in the --command-config file.",
      };
    }
  }
  return undefined;
}

function notPem(role: Role, where: string, bytes: Buffer): Diagnostic | undefined {
  const jks = bytes.length >= 4 && bytes.readUInt32BE(0) === JKS_MAGIC;
  const der = bytes.length >= 2 && bytes[0] === 0x30 && (bytes[1] as number) >= 0x80;
  if (!jks && !der) return undefined;
  return {
    code: "connection/unsupported",
    severity: "error",
    message: `The ${ROLE_LABEL[role]} (${where}) ${jks ? "is a Java KeyStore (JKS)" : "is binary (DER or PKCS12)"}, not PEM`,
    why: "kgov is not a Java program: it reads PEM files only.",
    fix: jks
      ? "Convert it: `keytool -importkeystore -srckeystore store.jks -destkeystore store.p12 -deststoretype PKCS12`, then `openssl pkcs12 -in store.p12 -out store.pem` (add -nokeys for a trust store)."
      : "Convert it: `openssl pkcs12 -in store.p12 -out store.pem` (add -nokeys for a trust store), or `openssl x509 -inform der -in cert.der -out cert.pem`.",
  };
}

/**
 * Reads the PEM files named in the settings (relative paths against `cwd`) and checks them, including a trial
 * `createSecureContext` so a wrong key password or a key that does not match the certificate is reported before any
 * connection is attempted.
 */
export async function loadTlsMaterial(
  tls: TlsSettings,
  cwd: string,
  read: FileReader = (p) => readFile(p),
): Promise<{ material?: PemMaterial; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const passphrase = tls.keyPassword?.reveal();

  async function load(role: Role, source: PemSource | undefined): Promise<string | undefined> {
    if (!source) return undefined;
    let text: string;
    let where: string;
    if (source.kind === "inline") {
      text = source.pem.reveal();
      where = "inline PEM";
    } else {
      where = source.path;
      let bytes: Buffer;
      try {
        bytes = await read(resolve(cwd, source.path));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        diagnostics.push({
          code: "connection/invalid-config",
          severity: "error",
          message: `Cannot read the ${ROLE_LABEL[role]} file ${source.path}${code ? ` (${code})` : ""}`,
          why: "kgov reads TLS material from PEM files when it connects.",
          fix: `Check the path given with ${ROLE_FLAG[role]}; relative paths are resolved against the working directory.`,
        });
        return undefined;
      }
      const binary = notPem(role, where, bytes);
      if (binary) {
        diagnostics.push(binary);
        return undefined;
      }
      text = bytes.toString("utf8");
    }
    const problem = checkPem(role, text, where, passphrase !== undefined);
    if (problem) {
      diagnostics.push(problem);
      return undefined;
    }
    return text;
  }

  const ca = await load("ca", tls.ca);
  const cert = await load("cert", tls.cert);
  const key = await load("key", tls.key);
  if (diagnostics.length > 0) return { diagnostics };

  const material: PemMaterial = {
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined ? { cert } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(passphrase !== undefined ? { passphrase } : {}),
    verifyHostname: tls.verifyHostname,
  };
  try {
    createSecureContext(nodeTlsOptions(material));
  } catch (error) {
    diagnostics.push(secureContextProblem(error));
    return { diagnostics };
  }
  return { material, diagnostics };
}

/** OpenSSL's reasons ("bad decrypt", "key values mismatch") name no secret; they are quoted. */
function secureContextProblem(error: unknown): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  const reason = /bad decrypt|bad password/i.test(message)
    ? "the key password is wrong"
    : /KEY_VALUES_MISMATCH|key values mismatch/i.test(message)
      ? "the private key does not belong to the client certificate"
      : message;
  return {
    code: "connection/invalid-config",
    severity: "error",
    message: `The TLS material cannot be used: ${reason}`,
    why: "Node's TLS layer rejected the certificates or key before connecting.",
    fix: "Check that the CA, certificate and key files are the intended PEM files and that the key password matches.",
  };
}
