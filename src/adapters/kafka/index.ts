// The Kafka adapter. Importing this module does not load @platformatic/kafka; the first connection does.
export { createKafkaCluster, PlatformaticKafkaCluster, buildAdminOptions, loadKafkaLibrary } from "./cluster.js";
export type { OperationSpec } from "./cluster.js";
export { readCommandConfig } from "./command-config.js";
export { classifyKafkaError } from "./errors.js";
