/**
 * Classification of @platformatic/kafka errors, using the library's own error classes nested exactly as observed
 * against Kafka 4.4 (see the shapes listed in src/adapters/kafka/errors.ts). The real-server tests check the same
 * paths end to end.
 */
import {
  AclOperations,
  AuthenticationError,
  MultipleErrors,
  NetworkError,
  ResponseError,
  TimeoutError,
  UnsupportedApiError,
  UserError,
} from "@platformatic/kafka";
import { describe, expect, it } from "vitest";
import { DeadlineExceeded, decodeAclOperations } from "../../../src/adapters/kafka/cluster.js";
import { classifyKafkaError, settleAll, type ErrorContext } from "../../../src/adapters/kafka/errors.js";
import { layerFromFlags, resolveConnection, type ConnectionSettings } from "../../../src/core/connection/index.js";

const PASSWORD = "classify-me-not-123";

function settings(flags: Parameters<typeof layerFromFlags>[0] = {}): ConnectionSettings {
  const resolved = resolveConnection([
    layerFromFlags({
      bootstrapServer: "broker:9092",
      saslMechanism: "SCRAM-SHA-256",
      saslUsername: "alice",
      saslPassword: PASSWORD,
      ...flags,
    }).layer,
  ]);
  if (!resolved.settings) throw new Error(JSON.stringify(resolved.diagnostics));
  return resolved.settings;
}

const context = (overrides: Partial<ErrorContext> = {}): ErrorContext => ({
  settings: settings(),
  operation: "connect to the cluster",
  connected: false,
  ...overrides,
});

const errno = (code: string, message = code) => Object.assign(new Error(message), { code });
const cannotConnect = (cause: Error) =>
  new MultipleErrors("Cannot connect to any broker.", [
    new NetworkError("Connection to broker:9092 failed.", { cause }),
  ]);
/** SaslAuthenticate is API 36, SaslHandshake 17, DescribeConfigs 32, CreateTopics 19. */
const response = (api: number, version: number, path: string, code: number, message: string | null) =>
  new ResponseError(api, version, { [path]: [code, message] }, {});

describe("classifyKafkaError", () => {
  it("wrong password → kafka/authentication-failed, quoting the broker but not the password", () => {
    const error = cannotConnect(
      new AuthenticationError("SASL authentication failed.", {
        cause: response(
          36,
          2,
          "/",
          58,
          `Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256 (${PASSWORD})`,
        ),
      }),
    );
    const d = classifyKafkaError(error, context());
    expect(d.code).toBe("kafka/authentication-failed");
    expect(d.message).toBe('The broker rejected the credentials of SCRAM-SHA-256 user "alice"');
    expect(d.why).toContain("The broker said:");
    expect(d.fix).toMatch(
      /kafka-configs\.sh --alter --add-config 'SCRAM-SHA-256=\[password=\.\.\.\]' --entity-type users --entity-name alice/,
    );
    expect(JSON.stringify(d)).not.toContain(PASSWORD);
  });

  it("mechanism not enabled on the listener → kafka/authentication-failed naming the mechanism", () => {
    const error = cannotConnect(
      new AuthenticationError("Cannot find a suitable SASL mechanism.", { cause: response(17, 1, "/", 33, null) }),
    );
    const d = classifyKafkaError(error, context());
    expect(d).toMatchObject({
      code: "kafka/authentication-failed",
      message: "The broker listener does not accept SASL mechanism SCRAM-SHA-256",
    });
  });

  it("missing ACL → kafka/authorization-failed naming principal and permission, with a kafka-acls hint", () => {
    const error = new MultipleErrors("Describing configs failed.", [
      response(32, 4, "/results/0", 31, "Cluster authorization failed."),
    ]);
    const d = classifyKafkaError(
      error,
      context({
        operation: "read the broker configuration",
        requiredPermission: "DESCRIBE_CONFIGS on the cluster",
        connected: true,
      }),
    );
    expect(d.code).toBe("kafka/authorization-failed");
    expect(d.message).toBe(
      "User:alice is not allowed to read the broker configuration: it lacks DESCRIBE_CONFIGS on the cluster",
    );
    expect(d.why).toMatch(/CLUSTER_AUTHORIZATION_FAILED/);
    expect(d.fix).toContain("--allow-principal User:alice --operation DescribeConfigs --cluster");
  });

  it("topic authorization without a known permission names the resource kind", () => {
    const error = new MultipleErrors("Creating topics failed.", [
      response(19, 7, "/topics/0", 29, "Authorization failed."),
    ]);
    const d = classifyKafkaError(error, context({ operation: "create topics", connected: true }));
    expect(d.message).toBe("User:alice is not allowed to create topics: it lacks a permission on a topic");
  });

  it.each([
    ["ECONNREFUSED", "the connection was refused: nothing listens on that port"],
    ["ENOTFOUND", "the host name does not resolve (DNS)"],
    ["EAI_AGAIN", "the host name does not resolve (DNS)"],
    ["EHOSTUNREACH", "the network reported EHOSTUNREACH"],
  ])("%s → kafka/unreachable", (code, reason) => {
    const d = classifyKafkaError(cannotConnect(errno(code)), context());
    expect(d).toMatchObject({ code: "kafka/unreachable", message: `Cannot reach Kafka at broker:9092: ${reason}` });
  });

  it("retried refusals nested under 'metadata failed 2 times' are still unreachable", () => {
    const inner = () => cannotConnect(errno("ECONNREFUSED"));
    const error = new MultipleErrors("metadata failed 2 times.", [inner(), inner()]);
    expect(classifyKafkaError(error, context()).code).toBe("kafka/unreachable");
  });

  it("a connect timeout → kafka/unreachable with the budget", () => {
    const error = new MultipleErrors("Cannot connect to any broker.", [
      new TimeoutError("Connection to broker:9092 timed out."),
    ]);
    expect(classifyKafkaError(error, context()).message).toBe(
      "Cannot reach Kafka at broker:9092: no answer within 10000 ms",
    );
  });

  it("kgov's deadline over a server that accepts and never answers → a timeout, not a protocol hint", () => {
    // the deadline first, then what the library reported as it gave up on the half-open SASL exchange
    const deadline = new DeadlineExceeded("connect to the cluster", 10000);
    const closedMidSasl = cannotConnect(
      new AuthenticationError("Cannot find a suitable SASL mechanism.", {
        cause: new NetworkError("Connection closed"),
      }),
    );
    const d = classifyKafkaError(new AggregateError([deadline, closedMidSasl]), context());
    expect(d.message).toBe("Cannot reach Kafka at broker:9092: no answer within 10000 ms");
  });

  it("after connecting, an unreachable broker is named by its advertised address", () => {
    const error = new MultipleErrors("Connecting to brokers failed.", [
      new NetworkError("Connection to kafka-2.internal:9092 failed.", { cause: errno("ENOTFOUND") }),
    ]);
    const d = classifyKafkaError(error, context({ connected: true, operation: "describe the cluster" }));
    expect(d.message).toBe("Cannot reach Kafka at kafka-2.internal:9092: the host name does not resolve (DNS)");
    expect(d.why).toMatch(/advertised\.listeners/);
  });

  it("TLS client against a plaintext listener → kafka/tls-failed", () => {
    const error = cannotConnect(
      new UserError("TLS handshake failed. Please verify the broker supports TLS.", { cause: errno("ECONNRESET") }),
    );
    const d = classifyKafkaError(error, context({ settings: settings({ securityProtocol: "SASL_SSL" }) }));
    expect(d.code).toBe("kafka/tls-failed");
    expect(d.message).toMatch(/the listener does not seem to speak TLS/);
  });

  it("plaintext client hung up on by a SASL listener → a protocol hint", () => {
    const d = classifyKafkaError(
      new NetworkError("Connection closed"),
      context({ settings: settings({ securityProtocol: "PLAINTEXT" }) }),
    );
    expect(d.code).toBe("kafka/unreachable");
    expect(d.message).toBe(
      "broker:9092 closed the connection before kgov could connect to the cluster (connected with PLAINTEXT)",
    );
    expect(d.fix).toMatch(/--security-protocol SASL_PLAINTEXT/);
  });

  it("SASL exchange cut off by a closed connection on SASL_PLAINTEXT → protocol hint (e.g. a TLS listener)", () => {
    const error = cannotConnect(
      new AuthenticationError("Cannot find a suitable SASL mechanism.", {
        cause: new NetworkError("Connection closed"),
      }),
    );
    const d = classifyKafkaError(error, context());
    expect(d.fix).toMatch(/SASL_SSL/);
  });

  it("an old broker → kafka/unsupported-version", () => {
    const d = classifyKafkaError(
      new UnsupportedApiError("Unsupported API DescribeCluster."),
      context({ connected: true }),
    );
    expect(d.code).toBe("kafka/unsupported-version");
  });

  it("anything else → kafka/request-failed with the broker's error name", () => {
    const error = new MultipleErrors("Creating topics failed.", [
      response(19, 7, "/topics/0", 36, "Topic 'x' already exists."),
    ]);
    const d = classifyKafkaError(error, context({ operation: "create topics", connected: true }));
    expect(d).toMatchObject({
      code: "kafka/request-failed",
      message: "Kafka could not create topics: TOPIC_ALREADY_EXISTS: Topic 'x' already exists.",
    });
  });

  it("is total: strings, nulls and cycles do not throw", () => {
    const cyclic: Error & { cause?: unknown } = new Error("loop");
    cyclic.cause = cyclic;
    for (const error of [undefined, null, "text", 42, cyclic, new AggregateError([null, "x"])]) {
      expect(classifyKafkaError(error, context()).code).toMatch(/^kafka\//);
    }
  });
});

describe("decodeAclOperations", () => {
  it("decodes the cluster authorized-operations bit field", () => {
    expect(decodeAclOperations(8096, AclOperations)).toEqual([
      "ALTER",
      "ALTER_CONFIGS",
      "CLUSTER_ACTION",
      "CREATE",
      "DESCRIBE",
      "DESCRIBE_CONFIGS",
      "IDEMPOTENT_WRITE",
    ]);
    expect(decodeAclOperations(0, AclOperations)).toEqual([]);
    expect(decodeAclOperations(-2147483648, AclOperations)).toBeUndefined();
  });
});

describe("settleAll", () => {
  // When one request on a connection times out, the library destroys the connection and the others in flight on it
  // fail with "Connection closed", possibly before the timeout reaches the caller.
  const later = <T>(ms: number, outcome: () => T): Promise<T> =>
    new Promise((resolve, reject) =>
      setTimeout(() => {
        try {
          resolve(outcome());
        } catch (error) {
          reject(error as Error);
        }
      }, ms),
    );

  it("rejects with the timeout, not the connection it closed, whichever settles first", async () => {
    const closed = later(1, () => {
      throw new NetworkError("Connection closed");
    });
    const timedOut = later(5, () => {
      throw new TimeoutError("Request timed out");
    });
    await expect(settleAll([closed, timedOut])).rejects.toBeInstanceOf(TimeoutError);
    const deadline = later(5, () => {
      throw new DeadlineExceeded("read the topics", 2000);
    });
    await expect(settleAll([closed, deadline])).rejects.toBeInstanceOf(DeadlineExceeded);
  });

  it("rejects with the first failure when none timed out, and resolves with every value in order", async () => {
    const first = new NetworkError("Connection closed");
    const failing = later(3, () => {
      throw first;
    });
    const other = later(1, () => {
      throw new Error("other");
    });
    await expect(settleAll([failing, other])).rejects.toBe(first);
    await expect(settleAll<[number, string]>([later(3, () => 1), later(1, () => "b")])).resolves.toEqual([1, "b"]);
  });
});
