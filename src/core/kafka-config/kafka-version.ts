/** A Kafka feature release, "major.minor": what decides which topic configs exist and which values they accept. */
export type KafkaVersion = `${number}.${number}`;

/** The broker releases kgov knows the topic configs of, oldest first. */
export const SUPPORTED_KAFKA_VERSIONS = [
  "3.9",
  "4.0",
  "4.1",
  "4.2",
  "4.3",
  "4.4",
] as const satisfies readonly KafkaVersion[];

/** "4.1", "4.1.2" or "4.1.0-rc1" → "4.1"; anything else → undefined. */
export function parseKafkaVersion(text: string): KafkaVersion | undefined {
  const match = /^(\d+)\.(\d+)(?:\.\d+)?(?:-[\w.]+)?$/.exec(text.trim());
  return match ? `${Number(match[1])}.${Number(match[2])}` : undefined;
}

/** Negative when a is older than b, zero when they are the same release, positive when a is newer. */
export function compareKafkaVersions(a: KafkaVersion, b: KafkaVersion): number {
  const [aMajor = 0, aMinor = 0] = a.split(".").map(Number);
  const [bMajor = 0, bMinor = 0] = b.split(".").map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
