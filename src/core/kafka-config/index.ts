export * from "./kafka-version.js";
export * from "./topic-config-entry.js";
export * from "./topic-configs.js";
export * from "./validate-value.js";
export * from "./suggest-key.js";
