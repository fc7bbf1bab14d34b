import type { EstateScope, ImportReportItem } from "../estate.js";
import { domainOf } from "../scope.js";
import type { GitopsSettings } from "./model.js";
import type { Located } from "./reader.js";

/**
 * Topic prefixes that own every declared topic's first name segment (`shop.` for `shop.orders.v1`), but never a
 * topic kafka-gitops leaves alone: a prefix that would cover an ignored prefix (blacklist, Streams service name)
 * is narrowed to the declared names under it. kgov then deletes a subset of what kafka-gitops deleted.
 */
export function topicPrefixes(
  declared: readonly string[],
  ignored: readonly Located[],
  report: ImportReportItem[],
): string[] {
  const ignoredBy = (name: string) => ignored.some((i) => name.startsWith(i.value));
  const prefixes = new Set<string>();
  for (const name of declared) {
    if (name.startsWith("__") || ignoredBy(name)) continue;
    const domain = domainOf(name, 1);
    if (!ignored.some((i) => i.value.startsWith(domain))) {
      prefixes.add(domain);
      continue;
    }
    const clash = ignored.find((i) => i.value.startsWith(name));
    if (clash === undefined) prefixes.add(name);
    else {
      report.push({
        kind: "topic",
        name,
        outcome: "changed",
        reason: `left out of settings.scope: kafka-gitops never deletes topics starting with \`${clash.value}\`, and that prefix starts with this name`,
        source: clash.at,
      });
    }
  }
  const sorted = [...prefixes].sort();
  return sorted.filter((p) => !sorted.some((q) => q !== p && p.startsWith(q)));
}

/** The whole scope, with one report item per way it differs from kafka-gitops's deletion rules. */
export function estateScope(
  settings: GitopsSettings,
  declaredTopics: readonly string[],
  streamsServiceNames: readonly Located[],
  principals: readonly string[],
  report: ImportReportItem[],
): EstateScope {
  const ignored = [...settings.blacklist, ...streamsServiceNames];
  const topics = topicPrefixes(declaredTopics, ignored, report);
  const kept = ignored.map((i) => `\`${i.value}\``).join(", ");
  report.push({
    kind: "setting",
    name: "settings.scope.topicPrefixes",
    outcome: "changed",
    reason:
      `kafka-gitops deletes every topic it does not declare${kept ? `, except those starting with ${kept} (blacklist and Kafka Streams service names)` : ""}; ` +
      `kgov deletes undeclared topics only under ${topics.length > 0 ? topics.map((p) => `\`${p}\``).join(", ") : "no prefix"} ` +
      "and never `__` topics, so topics elsewhere that kafka-gitops would delete are left alone. Widen settings.scope.topicPrefixes to own them.",
    ...(settings.blacklist[0] ? { source: settings.blacklist[0].at } : {}),
  });
  if (settings.ccloud) {
    report.push({
      kind: "setting",
      name: "settings.scope.principals",
      outcome: "changed",
      reason:
        "kafka-gitops deletes every ACL it does not declare; with Confluent Cloud no binding could be converted, so kgov owns no principal and deletes no ACL. Add the service-account principals to settings.scope.principals once their bindings are declared.",
      ...(settings.at ? { source: settings.at } : {}),
    });
    return { topicPrefixes: topics, principals: [] };
  }
  // kafka-gitops owns every ACL of every principal; kgov owns principals by prefix, so own each type in use.
  const types = [
    ...new Set(["User:", ...principals.map((p) => p.slice(0, p.indexOf(":") + 1)).filter(Boolean)]),
  ].sort();
  report.push({
    kind: "setting",
    name: "settings.scope.principals",
    outcome: "changed",
    reason: `kafka-gitops deletes every ACL it does not declare, of any principal; kgov owns the ACLs of principals starting with ${types.map((t) => `\`${t}\``).join(", ")}. If kafka-gitops ran with --skip-acls, it owned no ACL: empty settings.scope.principals. (--no-delete is kgov's default: it deletes only with --allow-delete.)`,
  });
  return { topicPrefixes: topics, principals: types };
}
