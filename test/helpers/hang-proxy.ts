/**
 * A TCP proxy in front of every broker's PROXIED listener (scripts/infra.sh): each node advertises the proxy's port
 * there, so a client that bootstraps through `bootstrapServers` reaches every broker through the proxy. The test can
 * then make a broker stop answering — the connection stays open, bytes go nowhere — without stopping its JVM, so the
 * cluster itself stays healthy (no fencing, no ISR shrink) and is usable the moment the proxy is released.
 *
 * The proxy reads the Kafka request framing (int32 size, int16 api key) of what clients send, to record every
 * request per node and to hang a node exactly when a given request reaches it.
 *
 *   const proxy = await startHangProxy(kafka);
 *   const hung = proxy.hangOnRequest(API_KEYS.CreateTopics, { deliver: true });   // broker gets it, answer held
 *   … kgov times out …
 *   proxy.release();                                                            // held bytes flow again
 */
import { createServer, connect, type Server, type Socket } from "node:net";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { infraRunDir } from "./infra.js";
import { kafkaVersionUnderTest, type KafkaTarget } from "./servers.js";

/** The request types the fault tests hang on (Kafka protocol api keys). */
export const API_KEYS = { CreateTopics: 19, DescribeConfigs: 32, ApiVersions: 18 } as const;

export interface ProxiedKafkaRequest {
  readonly node: number;
  readonly apiKey: number;
}

export interface HangProxy {
  /** The proxied listeners' advertised addresses, for a KafkaTarget's bootstrapServers. */
  readonly bootstrapServers: string;
  readonly requests: readonly ProxiedKafkaRequest[];
  /** Nodes hang now: nothing more is forwarded either way, new connections are accepted and then ignored. */
  hang(nodes?: readonly number[]): void;
  /**
   * The node that first receives a request with `apiKey` hangs at that moment, the request itself forwarded to the
   * broker (`deliver: true`, so it is carried out and only the answer is held) or held too. Resolves with the node
   * and the time (performance.now()) it hung.
   */
  hangOnRequest(apiKey: number, options: { deliver: boolean }): Promise<{ node: number; at: number }>;
  /** Every node answers again; what was held is delivered, in order. */
  release(): void;
  close(): Promise<void>;
}

interface ProxiedNode {
  readonly id: number;
  readonly advertisedPort: number;
  readonly boundPort: number;
}

/** Reads infra.sh's `proxied=<node>:<advertised port>:<bound port>,…` line of the Kafka instance under test. */
async function proxiedNodes(target: KafkaTarget): Promise<ProxiedNode[]> {
  const instance = `kafka${kafkaVersionUnderTest()}-${target.nodes === 1 ? "single" : "cluster"}`;
  const info = await readFile(join(infraRunDir, instance, "info"), "utf8");
  const line = info.split("\n").find((l) => l.startsWith("proxied="));
  if (line === undefined) throw new Error(`${instance}/info has no proxied= line: restart the servers`);
  return line
    .slice("proxied=".length)
    .split(",")
    .map((entry) => {
      const [id, advertisedPort, boundPort] = entry.split(":").map(Number) as [number, number, number];
      return { id, advertisedPort, boundPort };
    });
}

/** Splits a client's byte stream into Kafka request frames and reports each frame's api key as it starts. */
class RequestFrames {
  private header = Buffer.alloc(0);
  private remaining = 0;

  push(chunk: Buffer): number[] {
    const keys: number[] = [];
    let data = chunk;
    while (data.length > 0) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, data.length);
        this.remaining -= n;
        data = data.subarray(n);
        continue;
      }
      this.header = Buffer.concat([this.header, data]);
      data = Buffer.alloc(0);
      if (this.header.length < 6) break;
      const size = this.header.readInt32BE(0);
      keys.push(this.header.readInt16BE(4));
      const body = this.header.subarray(4);
      this.header = Buffer.alloc(0);
      if (body.length >= size) data = body.subarray(size);
      else this.remaining = size - body.length;
    }
    return keys;
  }
}

/** One direction of a proxied connection: writes through, or holds while its node hangs. */
class Gate {
  private held: Buffer[] = [];
  constructor(
    private readonly to: Socket,
    private readonly isHung: () => boolean,
  ) {}

  send(chunk: Buffer, force = false): void {
    if (this.isHung() && !force) this.held.push(chunk);
    else this.to.write(chunk);
  }

  flush(): void {
    for (const chunk of this.held) this.to.write(chunk);
    this.held = [];
  }
}

export async function startHangProxy(target: KafkaTarget): Promise<HangProxy> {
  const nodes = await proxiedNodes(target);
  const hung = new Set<number>();
  const requests: ProxiedKafkaRequest[] = [];
  const gates = new Set<Gate>();
  const sockets = new Set<Socket>();
  let trigger: { apiKey: number; deliver: boolean; fire: (node: number) => void } | undefined;

  const serve = (node: ProxiedNode) => (client: Socket) => {
    const upstream = connect(node.boundPort, "127.0.0.1");
    const isHung = () => hung.has(node.id);
    const toBroker = new Gate(upstream, isHung);
    const toClient = new Gate(client, isHung);
    const frames = new RequestFrames();
    for (const [socket, gate] of [
      [client, toBroker],
      [upstream, toClient],
    ] as const) {
      sockets.add(socket);
      gates.add(gate);
      socket.on("error", () => undefined);
      socket.on("close", () => {
        sockets.delete(socket);
        gates.delete(gate);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on("data", (chunk: Buffer) => {
      let deliverAnyway = false;
      for (const apiKey of frames.push(chunk)) {
        requests.push({ node: node.id, apiKey });
        if (trigger !== undefined && trigger.apiKey === apiKey && !isHung()) {
          deliverAnyway = trigger.deliver;
          hung.add(node.id);
          trigger.fire(node.id);
          trigger = undefined;
        }
      }
      toBroker.send(chunk, deliverAnyway);
    });
    upstream.on("data", (chunk: Buffer) => toClient.send(chunk));
  };

  const servers: Server[] = await Promise.all(
    nodes.map(
      (node) =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer(serve(node));
          server.once("error", reject);
          server.listen(node.advertisedPort, "127.0.0.1", () => resolve(server));
        }),
    ),
  );

  return {
    bootstrapServers: nodes.map((n) => `127.0.0.1:${n.advertisedPort}`).join(","),
    requests,
    hang: (ids = nodes.map((n) => n.id)) => {
      for (const id of ids) hung.add(id);
    },
    hangOnRequest: (apiKey, { deliver }) =>
      new Promise((resolve) => {
        trigger = { apiKey, deliver, fire: (node) => resolve({ node, at: performance.now() }) };
      }),
    release: () => {
      trigger = undefined;
      hung.clear();
      for (const gate of gates) gate.flush();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}
