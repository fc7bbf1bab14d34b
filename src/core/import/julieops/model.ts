import type { SourceRange } from "../../diagnostics/index.js";
import type { ParsedYaml } from "../../load/parse-yaml.js";

/**
 * A JulieOps topology as the converter reads it: only what decides topics, ACL bindings and subjects, each item
 * with the place it came from. Absent optional values stay absent so the JulieOps defaults are applied in one place.
 */
export interface JulieTopology {
  readonly file: ParsedYaml;
  readonly context: string;
  /** Top-level fields other than context/projects/platform/special_topics, in file order: topic-name parts. */
  readonly extras: readonly { readonly key: string; readonly value: string; readonly at: SourceRange }[];
  readonly projects: readonly JulieProject[];
}

export interface JulieProject {
  readonly name: string;
  readonly at: SourceRange;
  readonly consumers: readonly JulieConsumer[];
  readonly producers: readonly JulieProducer[];
  readonly streams: readonly JulieStreams[];
  readonly connectors: readonly JulieConnector[];
  readonly topics: readonly JulieTopic[];
}

export interface JulieConsumer {
  readonly principal: string;
  readonly group?: string;
  readonly at: SourceRange;
}

export interface JulieProducer {
  readonly principal: string;
  readonly transactionId?: string;
  /** Whether `idempotence` is present at all: JulieOps grants idempotent-write for any value, false included. */
  readonly idempotenceSet: boolean;
  readonly at: SourceRange;
}

export interface JulieStreams {
  readonly principal: string;
  readonly applicationId?: string;
  readonly exactlyOnce: boolean;
  readonly read: readonly string[];
  readonly write: readonly string[];
  readonly observers: readonly string[];
  readonly at: SourceRange;
}

export interface JulieConnector {
  readonly principal: string;
  readonly group?: string;
  readonly statusTopic?: string;
  readonly offsetTopic?: string;
  readonly configsTopic?: string;
  readonly read: readonly string[];
  readonly write: readonly string[];
  readonly at: SourceRange;
}

export interface JulieSchemaFile {
  readonly file: string;
  readonly format?: string;
  readonly compatibility?: string;
  readonly at: SourceRange;
  /** Where format / compatibility are written, for diagnostics about their values. */
  readonly formatAt: SourceRange;
  readonly compatibilityAt: SourceRange;
}

export interface JulieTopic {
  readonly name: string;
  readonly dataType?: string;
  /** Every config entry as text, num.partitions and replication.factor included. */
  readonly config: Readonly<Record<string, string>>;
  readonly consumers: readonly JulieConsumer[];
  readonly producers: readonly JulieProducer[];
  readonly schemas: readonly { readonly key?: JulieSchemaFile; readonly value?: JulieSchemaFile }[];
  readonly at: SourceRange;
}
