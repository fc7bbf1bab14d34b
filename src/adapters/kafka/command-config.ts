import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { layerFromProperties, type LayerResult } from "../../core/connection/index.js";

/**
 * Reads a Java client properties file (`--command-config`, KGOV_COMMAND_CONFIG) into a connection layer. The path is
 * resolved against `cwd`; the label in messages is the path as the user wrote it.
 */
export async function readCommandConfig(path: string, cwd: string): Promise<LayerResult> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      layer: { name: path },
      diagnostics: [
        {
          code: "connection/properties-file",
          severity: "error",
          message: `Cannot read the client properties file ${path}${code ? ` (${code})` : ""}`,
          why: "It was named by --command-config or KGOV_COMMAND_CONFIG and holds the Kafka connection settings.",
          fix: "Check the path (relative paths are resolved against the working directory) and that the file is readable.",
          path,
        },
      ],
    };
  }
  return layerFromProperties(text, path);
}
