export * from "./secret.js";
export * from "./settings.js";
export * from "./properties.js";
export * from "./jaas.js";
export * from "./layers.js";
export * from "./resolve.js";
export * from "./describe.js";
