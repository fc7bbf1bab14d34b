import { describe, expect, it } from "vitest";
import { buildGraph, neighbourhood, touchedBy } from "../../../src/core/graph/index.js";
import type { ObservedCluster } from "../../../src/core/model/observed.js";
import type { Plan } from "../../../src/core/plan/index.js";
import { smallEstate } from "./estate.js";

const edgesOf = (g: ReturnType<typeof buildGraph>) => g.edges.map((e) => `${e.from} -${e.kind}-> ${e.to}`);

describe("buildGraph", () => {
  const { desired, subjects } = smallEstate();
  const graph = buildGraph({ desired, subjects });

  it("has a node per service, topic, raw principal and uncovered prefix, sorted by kind then name", () => {
    expect(graph.nodes.map((n) => n.id)).toEqual([
      "service:audit-service",
      "service:order-service",
      "service:payment-service",
      "principal:User:bi-<team>",
      "prefix:legacy.",
      "topic:shop.orders.dlt.v1",
      "topic:shop.orders.v1",
    ]);
  });

  it("links producers to topics and topics to consumers, expanding prefixes to the topics they cover", () => {
    expect(edgesOf(graph)).toEqual([
      "prefix:legacy. -consumes-> service:audit-service",
      "service:order-service -produces-> topic:shop.orders.v1",
      "service:payment-service -produces-> topic:shop.orders.dlt.v1",
      "topic:shop.orders.dlt.v1 -consumes-> service:audit-service",
      "topic:shop.orders.dlt.v1 -consumes-> service:payment-service",
      "topic:shop.orders.v1 -consumes-> principal:User:bi-<team>",
      "topic:shop.orders.v1 -consumes-> service:audit-service",
      "topic:shop.orders.v1 -consumes-> service:payment-service",
    ]);
  });

  it("puts config and subjects on topics, groups and bindings on services", () => {
    const topic = graph.nodes.find((n) => n.id === "topic:shop.orders.v1");
    expect(topic).toMatchObject({
      partitions: 6,
      replicationFactor: 3,
      config: [
        ["cleanup.policy", "delete"],
        ["retention.ms", "604800000"],
      ],
      subjects: [{ role: "value", subject: "shop.orders.v1-value", file: "schemas/order.avsc", schemaType: "AVRO" }],
    });
    const service = graph.nodes.find((n) => n.id === "service:order-service");
    expect(service).toMatchObject({ principal: "User:svc-order", groups: ["shop.order-service"] });
    expect(service?.kind === "service" && service.bindings).toContain(
      'allow User:svc-order WRITE on topic "shop.orders.v1"',
    );
  });

  it("with a live cluster, marks topics the files lack as unmanaged and undeclared principals as unexpected", () => {
    const observed: ObservedCluster = {
      clusterId: "c",
      brokers: [{ id: 1, rack: null }],
      reassigning: new Set(),
      unrecognisedAcls: 0,
      topics: new Map(
        ["shop.orders.v1", "shop.orders.legacy", "__consumer_offsets"].map((name) => [
          name,
          {
            name,
            partitions: [{ id: 0, replicas: [1], isr: [1], leader: 1 }],
            config: { "retention.ms": { value: "1000", source: "topic" as const, sensitive: false } },
          },
        ]),
      ),
      acls: [
        { principal: "User:intruder", host: "*", resourceType: "topic" as const, resourceName: "shop.orders.legacy" },
        { principal: "User:svc-order", host: "*", resourceType: "topic" as const, resourceName: "shop.orders.v1" },
      ].map((b) => ({ ...b, patternType: "literal", operation: "write", permission: "allow" }) as const),
    };
    const live = buildGraph({ desired, subjects, observed });
    expect(live.nodes.filter((n) => n.status !== "declared").map((n) => `${n.id} ${n.status}`)).toEqual([
      "principal:User:intruder unexpected",
      "topic:shop.orders.legacy unmanaged",
    ]);
    expect(edgesOf(live)).toContain("principal:User:intruder -produces-> topic:shop.orders.legacy");
    expect(edgesOf(live)).toContain("topic:shop.orders.legacy -consumes-> service:audit-service");
    expect(live.nodes.find((n) => n.id === "topic:shop.orders.legacy")).toMatchObject({
      partitions: 1,
      replicationFactor: 1,
      config: [["retention.ms", "1000"]],
    });
  });
});

describe("touchedBy and neighbourhood", () => {
  const { desired, subjects } = smallEstate();
  const graph = buildGraph({ desired, subjects });

  it("names the topics, principals and subjects of a plan's actions", () => {
    const plan = {
      actions: [
        { type: "topic.alter-config", topic: "shop.orders.dlt.v1" },
        {
          type: "acl.create",
          binding: {
            principal: "User:svc-order",
            resourceType: "topic",
            patternType: "literal",
            resourceName: "shop.orders.v1",
          },
        },
        { type: "subject.register", subject: "shop.orders.v1-value" },
      ],
    } as unknown as Plan;
    expect(touchedBy(plan)).toEqual({
      topics: ["shop.orders.dlt.v1", "shop.orders.v1"],
      principals: ["User:svc-order"],
      subjects: ["shop.orders.v1-value"],
    });
  });

  it("keeps the touched nodes and their direct neighbours", () => {
    const near = neighbourhood(graph, { topics: ["shop.orders.dlt.v1"], principals: [], subjects: [] });
    expect(near.nodes.map((n) => n.id)).toEqual([
      "service:audit-service",
      "service:payment-service",
      "topic:shop.orders.dlt.v1",
    ]);
    expect(near.edges).toHaveLength(3);
  });

  it("is empty when nothing is touched", () => {
    expect(neighbourhood(graph, { topics: [], principals: [], subjects: [] })).toEqual({ nodes: [], edges: [] });
  });
});
