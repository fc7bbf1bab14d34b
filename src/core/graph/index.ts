export * from "./types.js";
export { buildGraph, type GraphInput } from "./build.js";
export { neighbourhood, touchedBy, type Touched } from "./touched.js";
