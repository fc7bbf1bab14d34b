export { resolveDesiredSubjects, type ResolvedSubjects } from "./resolve.js";
