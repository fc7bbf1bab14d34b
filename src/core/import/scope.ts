import type { ImportReportItem } from "./estate.js";

/**
 * The domain of a name: its first `depth` dot-separated segments with the trailing dot (`shop.orders.` for
 * `shop.orders.order-confirmed.v1` at depth 2), or the whole name when it has no more segments than that.
 * A `<topic>-key` / `<topic>-value` subject has its topic's domain.
 */
export function domainOf(name: string, depth: number): string {
  if (depth <= 0) return "";
  const parts = name.split(".");
  if (parts.length <= depth) return name;
  return `${parts.slice(0, depth).join(".")}.`;
}

/**
 * Scope prefixes that own exactly what was imported: a prefix that also covers a live name the import left out
 * (filtered, skipped) would let a later `plan --allow-delete` delete it, so such a prefix is replaced by the imported
 * names under it, and a name that is itself a prefix of a left-out name is kept out of the scope (it stays
 * declared, just never deleted) with a report item.
 */
export function safePrefixes(
  kind: ImportReportItem["kind"],
  candidates: readonly string[],
  imported: ReadonlySet<string>,
  live: readonly string[],
  report: ImportReportItem[],
): string[] {
  const leftOut = live.filter((name) => !imported.has(name));
  const clashes = (prefix: string) => leftOut.find((name) => name.startsWith(prefix));
  const out = new Set<string>();
  for (const prefix of [...new Set(candidates)].sort()) {
    if (clashes(prefix) === undefined) {
      out.add(prefix);
      continue;
    }
    for (const name of [...imported].filter((n) => n.startsWith(prefix)).sort()) {
      const clash = clashes(name);
      if (clash === undefined) out.add(name);
      else {
        report.push({
          kind,
          name,
          outcome: "changed",
          reason: `left out of settings.scope: \`${clash}\`, which was not imported, starts with it, and would be deleted by a later plan with --allow-delete`,
        });
      }
    }
  }
  // A prefix covered by a shorter one adds nothing.
  const sorted = [...out].sort();
  return sorted.filter((p) => !sorted.some((q) => q !== p && p.startsWith(q)));
}
