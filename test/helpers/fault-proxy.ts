/**
 * A fault-injecting HTTP proxy for real-server tests: it listens on 127.0.0.1 (free port) in front of a real server,
 * forwards every request, and can be told at runtime to answer some requests itself (an error status), to drop their
 * connection, to forward them and then lose the answer, to answer slowly, or to refuse connections altogether. It
 * records every request it receives, so a test can also assert what a command sent.
 *
 *   const proxy = await startFaultProxy(registryUrl);
 *   proxy.failNext(2, { status: 503 });                                    // the next two requests get a 503
 *   proxy.loseAnswerNext(1, { match: (r) => r.method === "DELETE" });      // applied upstream, answer lost
 *   proxy.requests                                                         // [{ method, path, outcome }, …]
 */
import { request as forward, createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface ProxiedRequest {
  readonly method: string;
  /** Below the target's base path (e.g. `/subjects/x/versions?normalize=true`), still encoded. */
  readonly path: string;
  /** 0 for the first request the proxy received. */
  readonly index: number;
}

export interface RecordedRequest extends ProxiedRequest {
  readonly outcome: "forwarded" | "failed" | "dropped" | "answer-lost";
}

/** Which requests a fault applies to; all when omitted. */
export type RequestMatch = (request: ProxiedRequest) => boolean;

export interface FaultProxy {
  /** The proxy's URL with the target's base path: use it where the target's URL would go. */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** The next `count` matching requests are answered with `status` (and Retry-After) without being forwarded. */
  failNext(count: number, options: { status: number; retryAfter?: number; match?: RequestMatch }): void;
  /** The next `count` matching requests have their connection destroyed without being forwarded. */
  dropNext(count: number, options?: { match?: RequestMatch }): void;
  /** The next `count` matching requests are forwarded, then their connection is destroyed instead of answered. */
  loseAnswerNext(count: number, options?: { match?: RequestMatch }): void;
  /** Matching requests wait `ms` before being forwarded, until `delay(0)`. */
  delay(ms: number, options?: { match?: RequestMatch }): void;
  /** Stops listening and closes open connections: new connections are refused until up(). */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Forgets every fault and every recorded request. */
  reset(): void;
  close(): Promise<void>;
}

type Fault =
  | { kind: "fail"; status: number; retryAfter?: number }
  | { kind: "drop" }
  | { kind: "lose-answer" }
  | { kind: "delay"; ms: number };

interface Rule {
  remaining: number;
  readonly match: RequestMatch;
  readonly fault: Fault;
}

const everything: RequestMatch = () => true;
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding"]);

export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const basePath = target.pathname.replace(/\/+$/, "");
  const requests: RecordedRequest[] = [];
  let rules: Rule[] = [];
  const sockets = new Set<Socket>();

  const takeFault = (request: ProxiedRequest): Fault | undefined => {
    const rule = rules.find((r) => r.remaining > 0 && r.match(request));
    if (!rule) return undefined;
    rule.remaining--;
    return rule.fault;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? "/";
    const request: ProxiedRequest = {
      method: req.method ?? "GET",
      path: url.startsWith(`${basePath}/`) ? url.slice(basePath.length) : url,
      index: requests.length,
    };
    const fault = takeFault(request);
    const record = (outcome: RecordedRequest["outcome"]) => requests.push({ ...request, outcome });
    if (fault?.kind === "fail") {
      record("failed");
      req.resume();
      const headers = fault.retryAfter !== undefined ? { "Retry-After": String(fault.retryAfter) } : undefined;
      res.writeHead(fault.status, { "Content-Type": "application/json", ...headers });
      res.end(JSON.stringify({ error_code: fault.status, message: `fault-proxy: injected ${fault.status}` }));
      return;
    }
    if (fault?.kind === "drop") {
      record("dropped");
      req.socket.destroy();
      return;
    }
    record(fault?.kind === "lose-answer" ? "answer-lost" : "forwarded");
    const body = await readBody(req);
    if (fault?.kind === "delay") await sleep(fault.ms);
    if (req.socket.destroyed) return;
    const upstream = await send(target, req, url, body);
    if (fault?.kind === "lose-answer") {
      req.socket.destroy();
      return;
    }
    // Hop-by-hop headers describe the proxy's own connection to the target, not the client's.
    const headers = Object.fromEntries(Object.entries(upstream.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
    res.writeHead(upstream.status, headers);
    res.end(upstream.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  await listen(0);
  const port = (server.address() as { port: number }).port;
  const stop = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  const addRule = (count: number, fault: Fault, match: RequestMatch = everything) =>
    rules.push({ remaining: count, match, fault });

  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    failNext: (count, { status, retryAfter, match }) =>
      addRule(count, { kind: "fail", status, ...(retryAfter !== undefined ? { retryAfter } : {}) }, match),
    dropNext: (count, options) => addRule(count, { kind: "drop" }, options?.match),
    loseAnswerNext: (count, options) => addRule(count, { kind: "lose-answer" }, options?.match),
    delay: (ms, options) => {
      rules = rules.filter((r) => r.fault.kind !== "delay");
      if (ms > 0) addRule(Number.POSITIVE_INFINITY, { kind: "delay", ms }, options?.match);
    },
    down: stop,
    up: () => listen(port),
    reset: () => {
      rules = [];
      requests.length = 0;
    },
    close: async () => {
      if (server.listening) await stop();
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

interface Upstream {
  readonly status: number;
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
}

function send(target: URL, req: IncomingMessage, path: string, body: Buffer): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const out = forward(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path,
        headers: { ...req.headers, host: target.host, connection: "close" },
      },
      (answer) => {
        readBody(answer).then(
          (data) => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: data }),
          reject,
        );
      },
    );
    out.on("error", reject);
    out.end(body);
  });
}
