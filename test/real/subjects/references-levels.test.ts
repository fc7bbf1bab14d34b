/**
 * kgov plan / apply of subjects that refer to other subjects (Avro named types, Protobuf imports) and of
 * compatibility levels (a level change with a new version, a transitive level) against the real registry.
 */
import { describe, expect, inject, it } from "vitest";
import { avroRecord, codes, projectsPerTest, subjectActions, type PlanAction } from "./support.js";

interface Register extends PlanAction {
  references: { name: string; subject: string; version: number | null }[];
  compatibility: {
    level: string;
    registry: { status: string; reason?: string; messages?: string[] };
    kgov: { status: string; findings?: { rule: string; againstVersion: number; direction: string }[] };
  };
}

describe.runIf(inject("kafkaLine") === "4")("subjects: references and levels (real-kafka4 project only)", () => {
  const open = projectsPerTest();

  it("registers a shared Avro type first and the schema using it with a reference to its version", async () => {
    const { p, registry } = await open("sub-avro-ref");
    const money = p.name("money");
    const topic = p.name("orders");
    const subject = `${topic}-value`;
    await p.file(
      "schemas/money.avsc",
      JSON.stringify({
        type: "record",
        name: "Money",
        namespace: "shop",
        fields: [
          { name: "cents", type: "long" },
          { name: "currency", type: "string" },
        ],
      }),
    );
    await p.file(
      "schemas/order.avsc",
      avroRecord("Order", [
        { name: "id", type: "string" },
        { name: "total", type: "shop.Money" },
      ]),
    );
    await p.yaml({
      topics: [`${topic}:`, `  schemas: { value: { file: schemas/order.avsc } }`],
      schemas: [`${money}: { file: schemas/money.avsc }`],
    });

    const { run, plan } = await p.plan();
    expect(run.exitCode, run.stderr).toBe(0);
    const registers = subjectActions(plan) as Register[];
    expect(registers.map((a) => a.subject)).toEqual([money, subject]);
    expect(registers[0]?.references).toEqual([]);
    expect(registers[1]?.references).toEqual([{ name: "shop.Money", subject: money, version: null }]);

    const applied = await p.applyAndConverge();
    expect(applied.stdout).toContain(money);
    expect(await registry.versions(money)).toEqual([1]);
    const stored = await registry.version(subject, "latest");
    expect(stored.version).toBe(1);
    expect(stored.references).toEqual([{ name: "shop.Money", subject: money, version: 1 }]);
    // the user's schema is registered as written: the shared type by name, not inlined
    expect(stored.schema).toContain("shop.Money");
    expect(stored.schema).not.toContain("currency");
  });

  it("registers a Protobuf import as a reference to the standalone subject holding the imported file", async () => {
    const { p, registry } = await open("sub-proto-ref");
    const common = p.name("common-money");
    const payment = p.name("payment");
    await p.file(
      "protos/common/money.proto",
      `syntax = "proto3";
package kgov.common;

message Money {
  int64 cents = 1;
  string currency = 2;
}
`,
    );
    await p.file(
      "protos/payment.proto",
      `syntax = "proto3";
package kgov.payments;

import "common/money.proto";

message Payment {
  string id = 1;
  kgov.common.Money amount = 2;
}
`,
    );
    await p.yaml({
      schemas: [`${common}: { file: protos/common/money.proto }`, `${payment}: { file: protos/payment.proto }`],
    });

    const { run, plan } = await p.plan();
    expect(run.exitCode, run.stderr).toBe(0);
    const registers = subjectActions(plan) as Register[];
    expect(registers.map((a) => a.subject)).toEqual([common, payment]);
    expect(registers[1]?.references).toEqual([{ name: "common/money.proto", subject: common, version: null }]);

    await p.applyAndConverge();
    const stored = await registry.version(payment, "latest");
    expect(stored.schemaType).toBe("PROTOBUF");
    expect(stored.references).toEqual([{ name: "common/money.proto", subject: common, version: 1 }]);
  });

  it("sets a new level before registering, with the registry's verdict deferred to apply", async () => {
    const { p, registry } = await open("sub-level");
    const topic = p.name("orders");
    const subject = `${topic}-value`;
    await registry.register(subject, avroRecord("Order", [{ name: "id", type: "string" }]));
    await registry.setLevel(subject, "BACKWARD");
    await p.file(
      "order.avsc",
      avroRecord("Order", [
        { name: "id", type: "string" },
        { name: "note", type: "string", default: "" },
      ]),
    );
    await p.yaml({ topics: [`${topic}:`, `  schemas: { value: { file: order.avsc, compatibility: FULL } }`] });

    const { run, plan } = await p.plan();
    expect(run.exitCode, run.stderr).toBe(0);
    const actions = subjectActions(plan);
    expect(actions.map((a) => a.type)).toEqual(["subject.set-compatibility", "subject.register"]);
    expect(actions[0]).toMatchObject({ subject, from: "BACKWARD", to: "FULL", risks: [] });
    expect((actions[1] as Register).compatibility).toMatchObject({
      level: "FULL",
      registry: { status: "deferred" },
      kgov: { status: "compatible" },
    });
    // in the whole plan, levels come before registrations
    const types = plan.actions.map((a) => a.type);
    expect(types.indexOf("subject.set-compatibility")).toBeLessThan(types.indexOf("subject.register"));

    await p.applyAndConverge();
    expect(await registry.level(subject)).toBe("FULL");
    expect(await registry.versions(subject)).toEqual([1, 2]);
  });

  it("judges a BACKWARD_TRANSITIVE subject against every version, where the latest-only check passes", async () => {
    const { p, registry } = await open("sub-transitive");
    const topic = p.name("orders");
    const subject = `${topic}-value`;
    const id = { name: "id", type: "string" };
    await registry.register(subject, avroRecord("Order", [id]));
    await registry.register(subject, avroRecord("Order", [id, { name: "b", type: "int", default: 0 }]));
    await registry.setLevel(subject, "BACKWARD_TRANSITIVE");
    const v3 = avroRecord("Order", [id, { name: "b", type: "int" }]);
    await p.file("order.avsc", v3);
    await p.yaml({
      topics: [`${topic}:`, `  schemas: { value: { file: order.avsc, compatibility: BACKWARD_TRANSITIVE } }`],
    });

    // the latest-only check would let it in: v3 reads v2's data, which always has b
    expect(await registry.compatibleWithLatest(subject, v3)).toBe(true);

    const { run, plan } = await p.plan();
    expect(run.exitCode, run.stderr).toBe(3);
    const actions = subjectActions(plan);
    expect(actions.map((a) => a.type)).toEqual(["subject.register"]);
    const register = actions[0] as Register;
    expect(register.fromVersion).toBe(2);
    expect(register.compatibility.level).toBe("BACKWARD_TRANSITIVE");
    expect(register.compatibility.kgov.status).toBe("incompatible");
    expect(register.compatibility.kgov.findings).toEqual([
      expect.objectContaining({ againstVersion: 1, direction: "BACKWARD" }),
    ]);
    expect(register.compatibility.registry.status).toBe("incompatible");
    expect(codes(plan)).toContain("subject/incompatible");

    const applied = await p.apply();
    expect(applied.exitCode).not.toBe(0);
    expect(await registry.versions(subject)).toEqual([1, 2]);
  });
});
