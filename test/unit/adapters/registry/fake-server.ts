/**
 * A tiny node:http stand-in for a registry, for the client's own behaviour (paths, headers, retries, timeouts,
 * concurrency). Each test says how to answer; what the registry itself does is tested against Apicurio in
 * test/real/registry/.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { Server as HttpsServer } from "node:https";
import type { Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { RegistryPortError } from "../../../../src/ports/registry.js";

export interface Received {
  readonly method: string;
  /** Path and query as sent, still encoded. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** "drop" destroys the connection without answering. */
export type Reply =
  | { readonly status?: number; readonly body?: unknown; readonly headers?: Record<string, string>; delayMs?: number }
  | "drop";

export type Handler = (request: Received, index: number) => Reply | Promise<Reply>;

export interface FakeRegistry {
  readonly url: string;
  readonly received: Received[];
  /** The most requests that were being handled at once. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

/** An answer with Confluent's error shape. */
export const registryError = (status: number, errorCode: number, message = `error ${errorCode}`): Reply => ({
  status,
  body: { error_code: errorCode, message },
});

/** Listens on 127.0.0.1 with a free port; pass an https server for TLS tests. */
export async function startFakeRegistry(
  handler: Handler,
  server: Server | HttpsServer = createServer(),
): Promise<FakeRegistry> {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("request", (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      received.push(request);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      void (async () => {
        const reply = await handler(request, received.length - 1);
        if (reply !== "drop" && reply.delayMs) await sleep(reply.delayMs);
        inFlight--;
        if (reply === "drop") {
          req.socket.destroy();
          return;
        }
        const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {});
        res.writeHead(reply.status ?? 200, {
          "Content-Type": "application/vnd.schemaregistry.v1+json",
          ...reply.headers,
        });
        res.end(text);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    url: `${server instanceof HttpsServer ? "https" : "http"}://127.0.0.1:${address.port}`,
    received,
    get maxInFlight() {
      return maxInFlight;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The RegistryPortError a call rejects with (any other outcome fails the test). */
export async function failure(call: Promise<unknown>): Promise<RegistryPortError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RegistryPortError)) throw new Error(`expected a RegistryPortError, got ${String(error)}`);
  return error;
}
