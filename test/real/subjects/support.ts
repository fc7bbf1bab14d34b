// Shared by the subject plan/apply real tests: a project folder with schema files, the CLI with the Kafka connection
// and a registry URL (the real registry or a fault proxy in front of it), and fetch helpers that read the registry
// behind kgov's back (Apicurio's Confluent-compatible API).
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterEach, expect } from "vitest";
import type { CliRun, RunOptions } from "../../helpers/cli.js";
import { uniqueName, useKafka, useRegistry, type KafkaTarget } from "../../helpers/servers.js";
import { Project } from "../plan-apply/support.js";

export interface PlanAction {
  type: string;
  subject?: string;
  topic?: string;
  [key: string]: unknown;
}

export interface PlanJson {
  actions: PlanAction[];
  diagnostics: { code: string; severity: string; message: string; source?: { file?: string } }[];
  registry?: { url: string; requests: number };
  summary: Record<string, unknown>;
}

export interface StoredVersion {
  subject: string;
  version: number;
  id: number;
  schema: string;
  schemaType?: string;
  references?: { name: string; subject: string; version: number }[];
}

/** A project whose subjects all start with `<prefix>.` (its subject and topic scope). */
export class SubjectProject {
  /** Where kgov's registry requests go: the registry itself unless a test points it at a proxy. */
  registryUrl: string;

  private constructor(
    readonly project: Project,
    readonly registry: string,
    readonly prefix: string,
  ) {
    this.registryUrl = registry;
  }

  static async create(label: string, kafka?: KafkaTarget): Promise<SubjectProject> {
    const [target, { url }] = await Promise.all([kafka ?? useKafka(1), useRegistry()]);
    const prefix = `${uniqueName(label)}.`;
    return new SubjectProject(await Project.create(target, prefix), url, prefix);
  }

  get dir(): string {
    return this.project.dir;
  }

  /** `<prefix><name>`: a subject (or topic) name inside this project's scope. */
  name(name: string): string {
    return `${this.prefix}${name}`;
  }

  async file(path: string, text: string): Promise<void> {
    await mkdir(dirname(join(this.dir, path)), { recursive: true });
    await writeFile(join(this.dir, path), text);
  }

  /**
   * kgov.yaml with this project's scope and the given `topics:` / `schemas:` bodies (YAML lines, indented by two),
   * and optional settings.schemas lines.
   */
  async yaml(parts: { topics?: string[]; schemas?: string[]; settingsSchemas?: string[] }): Promise<void> {
    const lines = [
      "version: 1",
      "settings:",
      "  scope:",
      `    topicPrefixes: [${JSON.stringify(this.prefix)}]`,
      `    subjectPrefixes: [${JSON.stringify(this.prefix)}]`,
      "  defaults: { topic: { partitions: 1, replicationFactor: 1 } }",
    ];
    if (parts.settingsSchemas?.length) lines.push("  schemas:", ...parts.settingsSchemas.map((l) => `    ${l}`));
    lines.push(parts.topics?.length ? "topics:" : "topics: {}", ...(parts.topics ?? []).map((l) => `  ${l}`));
    if (parts.schemas?.length) lines.push("schemas:", ...parts.schemas.map((l) => `  ${l}`));
    await this.file("kgov.yaml", `${lines.join("\n")}\n`);
  }

  async run(argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
    return this.project.run(argv, { ...options, env: { ...this.project.env(), KGOV_REGISTRY_URL: this.registryUrl } });
  }

  /** `kgov plan --output json` and its parsed plan (stdout must be the JSON document). */
  async plan(extra: readonly string[] = []): Promise<{ run: CliRun; plan: PlanJson }> {
    const run = await this.run(["plan", "--output", "json", ...extra]);
    let plan: PlanJson;
    try {
      plan = JSON.parse(run.stdout) as PlanJson;
    } catch {
      throw new Error(`plan printed no JSON (exit ${run.exitCode}):\n${run.stdout}\n${run.stderr}`);
    }
    return { run, plan };
  }

  async apply(extra: readonly string[] = []): Promise<CliRun> {
    return this.run(["apply", "--auto-approve", ...extra]);
  }

  /** apply (must succeed), then a plan with --detailed-exitcode that is "No changes.". */
  async applyAndConverge(extra: readonly string[] = []): Promise<CliRun> {
    const applied = await this.apply(extra);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    await this.expectNoChanges(extra.filter((a) => a === "--allow-delete"));
    return applied;
  }

  async expectNoChanges(extra: readonly string[] = []): Promise<void> {
    const run = await this.run(["plan", "--detailed-exitcode", ...extra]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("No changes.");
  }

  async dispose(): Promise<void> {
    await this.project.dispose();
  }
}

/** Subject actions of a plan, in plan order. */
export function subjectActions(plan: PlanJson): PlanAction[] {
  return plan.actions.filter((a) => a.type.startsWith("subject."));
}

export function codes(plan: PlanJson): string[] {
  return plan.diagnostics.map((d) => d.code);
}

/** A thin reader/writer of the registry's Confluent-compatible API, for arranging and checking behind kgov. */
export class Registry {
  constructor(readonly url: string) {}

  private async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { "Content-Type": "application/vnd.schemaregistry.v1+json", Accept: "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let json: unknown = text;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, json };
  }

  /** The version numbers, or undefined when the subject does not exist (404). */
  async versions(subject: string, options: { deleted?: boolean } = {}): Promise<number[] | undefined> {
    const q = options.deleted ? "?deleted=true" : "";
    const { status, json } = await this.call("GET", `/subjects/${encodeURIComponent(subject)}/versions${q}`);
    if (status === 404) return undefined;
    expect(status, JSON.stringify(json)).toBe(200);
    return json as number[];
  }

  async version(subject: string, version: number | "latest"): Promise<StoredVersion> {
    const { status, json } = await this.call("GET", `/subjects/${encodeURIComponent(subject)}/versions/${version}`);
    expect(status, JSON.stringify(json)).toBe(200);
    return json as StoredVersion;
  }

  async subjects(options: { deleted?: boolean } = {}): Promise<string[]> {
    const { status, json } = await this.call("GET", `/subjects${options.deleted ? "?deleted=true" : ""}`);
    expect(status, JSON.stringify(json)).toBe(200);
    return json as string[];
  }

  async register(
    subject: string,
    schema: string,
    options: { schemaType?: string; references?: StoredVersion["references"] } = {},
  ): Promise<number> {
    const { status, json } = await this.call("POST", `/subjects/${encodeURIComponent(subject)}/versions`, {
      schema,
      ...(options.schemaType && options.schemaType !== "AVRO" ? { schemaType: options.schemaType } : {}),
      ...(options.references ? { references: options.references } : {}),
    });
    expect(status, JSON.stringify(json)).toBe(200);
    return (json as { id: number }).id;
  }

  /** The subject's own level (no fallback to the global one), or undefined when it has none. */
  async level(subject: string): Promise<string | undefined> {
    const { status, json } = await this.call("GET", `/config/${encodeURIComponent(subject)}`);
    if (status === 404) return undefined;
    expect(status, JSON.stringify(json)).toBe(200);
    return (
      (json as { compatibilityLevel?: string; compatibility?: string }).compatibilityLevel ??
      (json as { compatibility?: string }).compatibility
    );
  }

  async setLevel(subject: string, level: string): Promise<void> {
    const { status, json } = await this.call("PUT", `/config/${encodeURIComponent(subject)}`, {
      compatibility: level,
    });
    expect(status, JSON.stringify(json)).toBe(200);
  }

  /** POST /compatibility/subjects/{s}/versions/latest: the latest-only check. */
  async compatibleWithLatest(subject: string, schema: string): Promise<boolean> {
    const { status, json } = await this.call(
      "POST",
      `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest`,
      { schema },
    );
    expect(status, JSON.stringify(json)).toBe(200);
    return (json as { is_compatible: boolean }).is_compatible;
  }
}

/** An Avro record schema as JSON text. */
export const avroRecord = (name: string, fields: object[], namespace = "kgov.subjects"): string =>
  JSON.stringify({ type: "record", name, namespace, fields }, null, 2);

/**
 * One SubjectProject per test against the registry itself, disposed after each test: call inside a describe block,
 * then `await open(label)` in the test.
 */
export function projectsPerTest(): (label: string) => Promise<{ p: SubjectProject; registry: Registry }> {
  let project: SubjectProject | undefined;
  afterEach(async () => {
    await project?.dispose();
    project = undefined;
  });
  return async (label) => {
    project = await SubjectProject.create(label);
    return { p: project, registry: new Registry((await useRegistry()).url) };
  };
}
