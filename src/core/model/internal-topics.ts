/**
 * Topics that belong to Kafka itself or to frameworks running on it. kgov never plans, changes or deletes them,
 * whatever the desired state says.
 */
const EXACT = new Set(["_schemas", "connect-configs", "connect-offsets", "connect-status"]);

export function internalTopicOwner(name: string): string | undefined {
  if (name.startsWith("__")) return "Kafka";
  if (name === "_schemas" || name.startsWith("_confluent")) return "the Schema Registry";
  if (EXACT.has(name) || /^connect-cluster-(configs|offsets|status)$/.test(name)) return "Kafka Connect";
  // Kafka Streams names its internal topics <application.id>-<operator>-(changelog|repartition).
  if (/-(KSTREAM|KTABLE)-[A-Z-]+-\d+-(changelog|repartition)$/.test(name)) return "Kafka Streams";
  return undefined;
}
