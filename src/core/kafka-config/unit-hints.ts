import type { ConfigUnit } from "./topic-config-entry.js";

/*
 * Kafka wants plain numbers, people write "7d" and "1GiB". When a rejected value reads like that, say which number
 * they meant instead of only saying it is wrong.
 */

const MILLISECONDS_PER: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
};

const SIZE_POWER: Readonly<Record<string, number>> = { k: 1, m: 2, g: 3, t: 4 };

function quantity(text: string): { amount: number; suffix: string } | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text.trim());
  return match ? { amount: Number(match[1]), suffix: (match[2] as string).toLowerCase() } : undefined;
}

function whole(n: number): string | undefined {
  return Number.isSafeInteger(n) ? String(n) : undefined;
}

function durationHint(text: string): string | undefined {
  const q = quantity(text);
  const factor = q && MILLISECONDS_PER[q.suffix];
  const ms = q && factor ? whole(q.amount * factor) : undefined;
  return ms === undefined ? undefined : `${text.trim()} is ${ms} milliseconds`;
}

function sizeHint(text: string): string | undefined {
  const q = quantity(text);
  const sized = q && /^([kmgt])(i?)b?$/.exec(q.suffix);
  if (!q || !sized) return undefined;
  const power = SIZE_POWER[sized[1] as string] as number;
  const binary = whole(q.amount * 1024 ** power);
  const decimal = whole(q.amount * 1000 ** power);
  if (binary === undefined || decimal === undefined) return undefined;
  const prefix = (sized[1] as string).toUpperCase();
  if (sized[2]) return `${text.trim()} is ${binary} bytes`;
  return `write the size in bytes: ${q.amount} ${prefix}iB = ${binary}, ${q.amount} ${prefix}B = ${decimal}`;
}

/** A hint naming the plain number meant by a value like "7d" or "512MiB", if it reads like one. */
export function plainNumberHint(text: string, unit: ConfigUnit | undefined): string | undefined {
  if (unit === "milliseconds") return durationHint(text);
  if (unit === "bytes") return sizeHint(text);
  return undefined;
}
