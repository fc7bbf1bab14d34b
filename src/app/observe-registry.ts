import type { CompatibilityLevel } from "../core/model/desired.js";
import type { ObservedRegistry, ObservedSubject, RegistryVerdict, StoredSchema } from "../core/model/registry.js";
import type { DesiredSubject } from "../core/model/subjects.js";
import { heldVersions, plannedReferences } from "../core/plan/index.js";
import type { RegisteredSchema, RegistryPort } from "../ports/registry.js";

/**
 * The registry as a plan needs it, in a fixed number of round trips per subject, all sent concurrently (the port
 * bounds how many are in flight):
 * 1. one GET /subjects when settings.scope.subjectPrefixes is set (unrelated subjects are never read one by one);
 * 2. per desired subject: its latest version, and its effective level when the files set one;
 *    per live subject in the prefixes that is not desired: its version list (what a deletion would remove);
 * 3. only for subjects whose latest does not hold the desired schema: every version (kgov's own check, and a match
 *    with an older version), the versions their references point at, the level (if not read), the mode, and the
 *    registry's verdict on the desired schema — unless the level changes in this plan or a reference is registered
 *    by it, when the registry is asked at apply instead.
 */
export async function observeRegistry(
  port: RegistryPort,
  desired: readonly DesiredSubject[],
  subjectPrefixes: readonly string[] | undefined,
  url: string,
): Promise<ObservedRegistry> {
  const desiredNames = new Set(desired.map((s) => s.name));
  const prefixes = subjectPrefixes ?? [];
  const inScope =
    prefixes.length === 0
      ? []
      : (await port.listSubjects()).filter((name) => prefixes.some((p) => name.startsWith(p))).sort();
  const subjects = new Map<string, ObservedSubject>();
  await Promise.all([
    ...desired.map(async (s) => {
      const [latest, compatibility] = await Promise.all([
        port.getVersion(s.name, "latest"),
        s.compatibility !== undefined ? port.getSubjectCompatibility(s.name, { defaultToGlobal: true }) : undefined,
      ]);
      subjects.set(s.name, {
        name: s.name,
        ...(latest ? { latest: stored(latest) } : {}),
        ...(compatibility !== undefined ? { compatibility } : {}),
      });
    }),
    ...inScope
      .filter((name) => !desiredNames.has(name))
      .map(async (name) => {
        subjects.set(name, { name, versions: (await port.listVersions(name)) ?? [] });
      }),
  ]);
  const firstLook: ObservedRegistry = { url, subjects, inScope, referenced: new Map(), requests: 0 };
  const held = heldVersions(desired, firstLook);
  const changing = desired.filter((s) => held.get(s.name) === null);
  const histories = new Map<string, StoredSchema[]>();
  await Promise.all(
    changing.map(async (s) => {
      const live = subjects.get(s.name);
      const [history, compatibility, mode] = await Promise.all([
        live?.latest ? readHistory(port, s.name) : undefined,
        live?.compatibility ?? port.getSubjectCompatibility(s.name, { defaultToGlobal: true }),
        port.getMode(s.name),
      ]);
      if (history) histories.set(s.name, history);
      subjects.set(s.name, {
        ...live,
        name: s.name,
        ...(history ? { history } : {}),
        ...(compatibility !== undefined ? { compatibility } : {}),
        mode,
      });
    }),
  );
  const withHistory: ObservedRegistry = { ...firstLook, subjects };
  // With every version known, a subject whose desired schema is an older version is no longer "changing".
  const heldNow = heldVersions(desired, withHistory);
  const referenced = await readReferenced(port, [...histories.values()].flat());
  await Promise.all(
    desired
      .filter((s) => heldNow.get(s.name) === null && subjects.get(s.name)?.latest)
      .map(async (s) => {
        const live = subjects.get(s.name) as ObservedSubject;
        const verdict = await registryVerdict(port, s, live.compatibility, heldNow);
        subjects.set(s.name, { ...live, verdict });
      }),
  );
  return { url, subjects, inScope, referenced, requests: port.traffic().requests };
}

function stored(schema: RegisteredSchema): StoredSchema {
  return {
    version: schema.version,
    id: schema.id,
    schemaType: schema.schemaType,
    schema: schema.schema,
    references: schema.references,
  };
}

async function readHistory(port: RegistryPort, subject: string): Promise<StoredSchema[] | undefined> {
  const versions = await port.listVersions(subject);
  if (!versions) return undefined;
  const all = await Promise.all(versions.map((v) => port.getVersion(subject, v)));
  return all.filter((v): v is RegisteredSchema => v !== undefined).map(stored);
}

/** The stored versions the history's references point at, following nested references, each read once. */
async function readReferenced(
  port: RegistryPort,
  history: readonly StoredSchema[],
): Promise<Map<string, StoredSchema>> {
  const out = new Map<string, StoredSchema>();
  let wanted = history.flatMap((v) => v.references);
  while (wanted.length > 0) {
    const fresh = [...new Map(wanted.map((r) => [`${r.subject}\0${r.version}`, r])).entries()].filter(
      ([key]) => !out.has(key),
    );
    const read = await Promise.all(fresh.map(([, r]) => port.getVersion(r.subject, r.version)));
    wanted = [];
    fresh.forEach(([key], i) => {
      const version = read[i];
      if (!version) return;
      out.set(key, stored(version));
      wanted.push(...version.references);
    });
  }
  return out;
}

async function registryVerdict(
  port: RegistryPort,
  subject: DesiredSubject,
  level: CompatibilityLevel | undefined,
  held: ReadonlyMap<string, number | null>,
): Promise<RegistryVerdict> {
  if (subject.compatibility !== undefined && subject.compatibility !== level) {
    return { status: "deferred", reason: `the level changes to ${subject.compatibility} first` };
  }
  const references = plannedReferences(subject, held);
  const pending = references.find((r) => r.version === null);
  if (pending) return { status: "deferred", reason: `its reference ${pending.subject} is registered by this plan` };
  const verdict = await port.checkCompatibility(subject.name, {
    schema: subject.schema,
    schemaType: subject.schemaType,
    references: references.map((r) => ({ name: r.name, subject: r.subject, version: r.version as number })),
  });
  return { status: verdict.compatible ? "compatible" : "incompatible", messages: verdict.messages };
}
