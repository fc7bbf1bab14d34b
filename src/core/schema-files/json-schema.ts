import { jsonDocument } from "./json-document.js";
import { checkJsonSchemaDetails } from "./json-schema-checks.js";
import { declaredDraft, metaValidate } from "./json-schema-meta.js";
import { nodeAt, type JsonNode, type JsonPath } from "./json-source.js";
import { schemaProblem } from "./schema-diagnostic.js";
import type { CheckedText } from "./schema-text.js";
import type { SchemaFileResult } from "./types.js";

/** A `.json` file: a JSON Schema, meta-validated against the draft its `$schema` names (draft-07 when absent). */
export function parseJsonSchemaFile(file: string, source: CheckedText): SchemaFileResult {
  const document = jsonDocument(file, source);
  const root = document.root;
  if (root === undefined) return { schemaType: "JSON", diagnostics: document.diagnostics };
  const diagnostics = [...document.diagnostics];
  const schema = root.value;
  const draft = declaredDraft(schema);

  if (draft === undefined) {
    const declared = nodeAt(root, ["$schema"]) ?? root;
    diagnostics.push(
      schemaProblem(
        "schema/json-schema-unknown-draft",
        `$schema ${JSON.stringify(declared.value)} is not a draft kgov can check; the schema is not meta-validated`,
        source.lines.range(file, declared.start, declared.end),
        {
          fix: 'Use draft-07, 2019-09 or 2020-12 (e.g. "http://json-schema.org/draft-07/schema#"), or ignore this warning',
        },
      ),
    );
  } else {
    for (const problem of metaValidate(schema, draft)) {
      const node = closestNode(root, problem.path);
      const details = problem.fix === undefined ? {} : { fix: problem.fix };
      diagnostics.push(
        schemaProblem(
          "schema/json-schema-invalid",
          problem.message,
          source.lines.range(file, node.start, node.end),
          details,
        ),
      );
    }
  }
  for (const problem of checkJsonSchemaDetails(root)) {
    const details = problem.fix === undefined ? {} : { fix: problem.fix };
    diagnostics.push(
      schemaProblem(
        "schema/json-schema-invalid",
        problem.message,
        source.lines.range(file, problem.start, problem.end),
        details,
      ),
    );
  }

  if (diagnostics.some((d) => d.severity === "error")) return { schemaType: "JSON", diagnostics };
  return {
    schemaType: "JSON",
    parsed: {
      schemaType: "JSON",
      canonicalText: JSON.stringify(schema),
      schema,
      ...(draft === undefined ? {} : { draft }),
    },
    diagnostics,
  };
}

/** The node at `path`, or its deepest ancestor in the document. */
function closestNode(root: JsonNode, path: JsonPath): JsonNode {
  for (let length = path.length; length > 0; length--) {
    const node = nodeAt(root, path.slice(0, length));
    if (node !== undefined) return node;
  }
  return root;
}
