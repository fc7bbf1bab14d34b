/** The TypeScript source of src/core/load/structure-validator.generated.ts for a schema. */
export function structureValidatorSource(schema: unknown): string;
