/**
 * kgov plan / apply of Schema Registry subjects against the real registry (Apicurio's Confluent-compatible API):
 * every schema format registered and converged, a compatible and an incompatible evolution, and deletions of
 * subjects inside settings.scope.subjectPrefixes. Each test has its own subject and topic prefix.
 */
import { describe, expect, inject, it } from "vitest";
import { avroRecord, codes, projectsPerTest, subjectActions, type PlanAction } from "./support.js";

// The registry does not depend on the Kafka line, so these tests run in the real-kafka4 project only.
describe.runIf(inject("kafkaLine") === "4")("subjects: plan and apply (real-kafka4 project only)", () => {
  const open = projectsPerTest();

  it("registers .avsc, .avdl (as Avro JSON), JSON Schema and .proto, then plans no changes", async () => {
    const { p, registry } = await open("sub-formats");
    await p.file("schemas/order.avsc", avroRecord("Order", [{ name: "id", type: "string" }]));
    await p.file(
      "schemas/shipment.avdl",
      `@namespace("kgov.idl")
protocol ShipmentEvents {
  enum Carrier { DHL, UPS, OTHER }
  record Shipment {
    string id;
    Carrier carrier;
    union { null, string } note = null;
  }
}
`,
    );
    await p.file(
      "schemas/address.json",
      JSON.stringify(
        {
          $schema: "http://json-schema.org/draft-07/schema#",
          title: "Address",
          type: "object",
          properties: { street: { type: "string" }, zip: { type: "string" } },
          required: ["street"],
        },
        null,
        2,
      ),
    );
    await p.file(
      "schemas/payment.proto",
      `syntax = "proto3";
package kgov.proto;

message Payment {
  string id = 1;
  int64 amount_cents = 2;
}
`,
    );
    const [orders, shipments] = [p.name("orders"), p.name("shipments")];
    await p.yaml({
      topics: [
        `${orders}:`,
        `  schemas: { value: { file: schemas/order.avsc } }`,
        `${shipments}:`,
        `  schemas: { value: { file: schemas/shipment.avdl } }`,
      ],
      schemas: [
        `${p.name("address")}: { file: schemas/address.json }`,
        `${p.name("payment")}: { file: schemas/payment.proto }`,
      ],
    });

    const { run, plan } = await p.plan();
    expect(run.exitCode, run.stderr).toBe(0);
    const registers = subjectActions(plan);
    expect(registers.map((a) => [a.type, a.subject, a.schemaType]).sort()).toEqual(
      [
        ["subject.register", `${orders}-value`, "AVRO"],
        ["subject.register", `${shipments}-value`, "AVRO"],
        ["subject.register", p.name("address"), "JSON"],
        ["subject.register", p.name("payment"), "PROTOBUF"],
      ].sort(),
    );
    for (const a of registers) {
      expect(a).toMatchObject({ fromVersion: null, compatibility: { registry: { status: "new-subject" } } });
    }
    expect(plan.registry?.url).toBe(p.registryUrl);
    expect(plan.summary).toMatchObject({ subjects: { register: 4, compatibility: 0, delete: 0, blocked: 0 } });

    await p.applyAndConverge();

    for (const subject of [`${orders}-value`, `${shipments}-value`, p.name("address"), p.name("payment")]) {
      expect(await registry.versions(subject), subject).toEqual([1]);
    }
    const idl = await registry.version(`${shipments}-value`, "latest");
    expect(idl.schemaType ?? "AVRO").toBe("AVRO");
    const idlSchema = JSON.parse(idl.schema) as { type: string; name: string; namespace?: string; fields: unknown[] };
    expect(idlSchema).toMatchObject({ type: "record", name: "Shipment", namespace: "kgov.idl" });
    expect(idlSchema.fields).toEqual([
      { name: "id", type: "string" },
      { name: "carrier", type: { type: "enum", name: "Carrier", symbols: ["DHL", "UPS", "OTHER"] } },
      { name: "note", type: ["null", "string"], default: null },
    ]);
    expect(idl.schema).not.toContain("protocol");
    expect((await registry.version(p.name("address"), 1)).schemaType).toBe("JSON");
    const proto = await registry.version(p.name("payment"), 1);
    expect(proto.schemaType).toBe("PROTOBUF");
    expect(proto.schema).toContain("message Payment");
  });

  it("plans a compatible evolution with both verdicts compatible, applies version 2 and converges", async () => {
    const { p, registry } = await open("sub-evolve");
    const topic = p.name("orders");
    const subject = `${topic}-value`;
    await p.file("order.avsc", avroRecord("Order", [{ name: "id", type: "string" }]));
    await p.yaml({ topics: [`${topic}:`, `  schemas: { value: { file: order.avsc } }`] });
    await p.applyAndConverge();

    await p.file(
      "order.avsc",
      avroRecord("Order", [
        { name: "id", type: "string" },
        { name: "note", type: "string", default: "" },
      ]),
    );
    const { run, plan } = await p.plan();
    expect(run.exitCode, run.stderr).toBe(0);
    expect(subjectActions(plan)).toEqual([
      expect.objectContaining({
        type: "subject.register",
        subject,
        fromVersion: 1,
        compatibility: {
          level: "BACKWARD",
          registry: { status: "compatible", messages: expect.any(Array) as unknown },
          kgov: { status: "compatible", findings: [] },
        },
      }),
    ]);
    expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);

    await p.applyAndConverge();
    expect(await registry.versions(subject)).toEqual([1, 2]);
    const v2 = JSON.parse((await registry.version(subject, 2)).schema) as { fields: { name: string }[] };
    expect(v2.fields.map((f) => f.name)).toEqual(["id", "note"]);
  });

  it("refuses an incompatible evolution in plan (exit 3) and apply, and registers nothing", async () => {
    const { p, registry } = await open("sub-incompat");
    const topic = p.name("orders");
    const subject = `${topic}-value`;
    await p.file("schemas/order.avsc", avroRecord("Order", [{ name: "id", type: "string" }]));
    await p.yaml({ topics: [`${topic}:`, `  schemas: { value: { file: schemas/order.avsc } }`] });
    await p.applyAndConverge();

    await p.file(
      "schemas/order.avsc",
      avroRecord("Order", [
        { name: "id", type: "string" },
        { name: "amount", type: "int" },
      ]),
    );
    const { run, plan } = await p.plan();
    expect(run.exitCode, run.stderr).toBe(3);
    const [register] = subjectActions(plan) as [PlanAction & { compatibility: Record<string, unknown> }];
    expect(register).toMatchObject({
      type: "subject.register",
      subject,
      compatibility: { registry: { status: "incompatible" }, kgov: { status: "incompatible" } },
    });
    expect(codes(plan)).toContain("subject/incompatible");
    const finding = plan.diagnostics.find((d) => d.code.startsWith("compat/avro/"));
    expect(finding, JSON.stringify(plan.diagnostics)).toBeDefined();
    expect(finding?.severity).toBe("error");
    expect(finding?.source?.file).toMatch(/schemas\/order\.avsc$/);
    // the text plan says the same on stderr
    const text = await p.run(["plan"]);
    expect(text.exitCode).toBe(3);
    expect(text.stderr).toContain("subject/incompatible");

    const applied = await p.apply();
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(3);
    expect(applied.stdout + applied.stderr).toContain("apply/plan-has-errors");
    expect(await registry.versions(subject)).toEqual([1]);
  });

  it("deletes a live subject in the prefixes only with --allow-delete: soft, then permanent", async () => {
    const { p, registry } = await open("sub-delete");
    const [soft, hard] = [p.name("soft-value"), p.name("hard-value")];
    const schema = avroRecord("Gone", [{ name: "id", type: "string" }]);
    await registry.register(soft, schema);
    await registry.register(hard, schema);
    // an unrelated subject outside the prefix is never planned
    await p.yaml({});

    const blocked = await p.plan();
    expect(blocked.run.exitCode, blocked.run.stderr).toBe(0);
    expect(subjectActions(blocked.plan)).toEqual([
      expect.objectContaining({ type: "subject.delete", subject: hard, versions: 1, allowed: false, permanent: false }),
      expect.objectContaining({ type: "subject.delete", subject: soft, versions: 1, allowed: false, permanent: false }),
    ]);
    expect(blocked.plan.summary).toMatchObject({ subjects: { delete: 0, blocked: 2 } });
    // blocked deletions alone are not changes
    const detailed = await p.run(["plan", "--detailed-exitcode"]);
    expect(detailed.exitCode, detailed.stdout + detailed.stderr).toBe(0);
    const skipped = await p.apply();
    expect(skipped.exitCode, skipped.stdout + skipped.stderr).toBe(0);
    expect(await registry.versions(soft)).toEqual([1]);

    // soft delete of one: keep the other out of the scope's reach by declaring it
    await p.file("hard.avsc", schema);
    await p.yaml({ schemas: [`${hard}: { file: hard.avsc }`] });
    const allowed = await p.plan(["--allow-delete"]);
    expect(subjectActions(allowed.plan)).toEqual([
      expect.objectContaining({ type: "subject.delete", subject: soft, allowed: true, permanent: false }),
    ]);
    expect(allowed.plan.actions.find((a) => a.type === "subject.delete")?.risks).toEqual([
      expect.objectContaining({ kind: "destructive" }),
    ]);
    await p.applyAndConverge(["--allow-delete"]);
    expect(await registry.versions(soft)).toBeUndefined();
    expect(await registry.versions(soft, { deleted: true })).toEqual([1]);

    // permanent delete of the other (and of the soft-deleted one, which the registry no longer lists as live)
    await p.yaml({});
    const permanent = await p.plan(["--allow-delete", "--permanent-delete"]);
    expect(subjectActions(permanent.plan)).toEqual([
      expect.objectContaining({ type: "subject.delete", subject: hard, allowed: true, permanent: true }),
    ]);
    expect((subjectActions(permanent.plan)[0]?.risks as { kind: string }[]).map((r) => r.kind)).toEqual([
      "destructive",
      "data-loss",
    ]);
    const applied = await p.apply(["--allow-delete", "--permanent-delete"]);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    await p.expectNoChanges(["--allow-delete"]);
    expect(await registry.versions(hard)).toBeUndefined();
    expect(await registry.versions(hard, { deleted: true })).toBeUndefined();
    expect(await registry.subjects({ deleted: true })).not.toContain(hard);
  });
});
