import type { Severity } from "./diagnostic.js";

/**
 * Every diagnostic code kgov can emit, with its default severity and a title.
 * docs/diagnostics.md documents each one; a unit test keeps the two in step.
 * Add new codes here first, then raise them through a small factory next to the code that detects them.
 */
export const DIAGNOSTIC_CODES = {
  "cli/file-exists": { severity: "error", title: "A file kgov would create already exists" },
  "cli/invalid-argument": { severity: "error", title: "A command-line flag or argument is invalid" },
  "connection/invalid-config": {
    severity: "error",
    title: "The Kafka connection settings are incomplete or contradictory",
  },
  "connection/properties-file": { severity: "error", title: "The client properties file cannot be read or parsed" },
  "connection/unsupported": { severity: "error", title: "The connection asks for something kgov does not support yet" },
  "connection/ignored-setting": { severity: "warning", title: "A connection setting has no effect and is ignored" },
  "kafka/unreachable": { severity: "error", title: "No broker answered within the connect timeout" },
  "kafka/authentication-failed": { severity: "error", title: "The broker rejected the credentials" },
  "kafka/authorization-failed": { severity: "error", title: "The principal lacks a permission the operation needs" },
  "kafka/tls-failed": { severity: "error", title: "The TLS handshake with the broker failed" },
  "kafka/request-failed": { severity: "error", title: "The broker returned an error" },
  "kafka/unsupported-version": { severity: "error", title: "The broker is too old for an API kgov needs" },
  "kafka/topic-already-exists": { severity: "error", title: "A topic kgov was to create already exists" },
  "kafka/topic-not-found": { severity: "error", title: "A topic kgov was to change no longer exists" },
  "kafka/invalid-topic-name": { severity: "error", title: "The broker rejects a topic name" },
  "kafka/invalid-topic-config": { severity: "error", title: "The broker rejects a topic config key or value" },
  "kafka/invalid-replication-factor": {
    severity: "error",
    title: "The replication factor is not possible on this cluster",
  },
  "kafka/invalid-replica-assignment": { severity: "error", title: "The broker rejects a replica placement" },
  "kafka/invalid-partitions": { severity: "error", title: "The broker rejects a partition count" },
  "kafka/policy-violation": { severity: "error", title: "A cluster policy plugin rejected the change" },
  "kafka/topic-deletion-disabled": { severity: "error", title: "The cluster does not allow deleting topics" },
  "registry/unreachable": { severity: "error", title: "The Schema Registry did not answer, even after retries" },
  "registry/authentication-failed": { severity: "error", title: "The Schema Registry rejected the credentials" },
  "registry/authorization-failed": {
    severity: "error",
    title: "The Schema Registry does not allow the principal an operation",
  },
  "registry/tls-failed": {
    severity: "error",
    title: "The registry's TLS files are unusable or the TLS handshake failed",
  },
  "registry/rate-limited": { severity: "error", title: "The Schema Registry kept answering 429 Too Many Requests" },
  "registry/subject-not-found": { severity: "error", title: "A subject kgov needed does not exist in the registry" },
  "registry/version-not-found": { severity: "error", title: "A subject version kgov needed does not exist" },
  "registry/schema-not-found": { severity: "error", title: "The registry does not hold a schema kgov needed" },
  "registry/incompatible-schema": {
    severity: "error",
    title: "The registry refused a new version as incompatible (HTTP 409)",
  },
  "registry/invalid-schema": { severity: "error", title: "The registry refused a schema as invalid (HTTP 422)" },
  "registry/invalid-compatibility-level": {
    severity: "error",
    title: "The registry refused a compatibility level",
  },
  "registry/read-only": { severity: "error", title: "The registry refused a write in READONLY mode" },
  "registry/reference-not-found": {
    severity: "error",
    title: "A schema reference names a subject or version the registry does not have",
  },
  "registry/request-failed": { severity: "error", title: "The Schema Registry answered with an error" },
  "format/yaml-syntax": { severity: "error", title: "A desired-state file is not valid YAML" },
  "format/yaml-warning": { severity: "warning", title: "The YAML parser warned about a construct" },
  "format/duplicate-key": { severity: "error", title: "A YAML mapping has the same key twice" },
  "format/unreadable-file": { severity: "error", title: "A desired-state file cannot be read" },
  "format/not-text": { severity: "error", title: "A desired-state file is binary or not UTF-8 text" },
  "format/empty-file": { severity: "warning", title: "A desired-state file is empty" },
  "format/no-files": { severity: "error", title: "No desired-state files were found" },
  "format/unknown-field": { severity: "error", title: "A field is not part of the desired-state format" },
  "format/missing-field": { severity: "error", title: "A required field is missing" },
  "format/wrong-type": { severity: "error", title: "A value has the wrong type" },
  "format/invalid-value": { severity: "error", title: "A value is not allowed here" },
  "format/unsupported-version": { severity: "error", title: "The file's format version is not supported" },
  "format/duplicate-topic": { severity: "error", title: "A topic is declared more than once" },
  "format/duplicate-service": { severity: "error", title: "A service is declared more than once" },
  "format/duplicate-environment": { severity: "error", title: "An environment is declared more than once" },
  "format/duplicate-subject": { severity: "error", title: "A standalone schema subject is declared more than once" },
  "format/duplicate-settings": { severity: "error", title: "settings is declared in more than one file" },
  "format/duplicate-acl": { severity: "warning", title: "The same ACL entry is declared twice" },
  "format/unset-variable": { severity: "error", title: "A ${env:NAME} reference names an unset variable" },
  "format/unknown-environment": { severity: "error", title: "--env names an environment that is not declared" },
  "topic/missing-partitions": { severity: "error", title: "A topic has no partition count and no default" },
  "topic/missing-replication-factor": { severity: "error", title: "A topic has no replication factor and no default" },
  "topic/unknown-config": { severity: "error", title: "A topic config key is not a Kafka topic config" },
  "topic/removed-config": {
    severity: "warning",
    title: "A topic config key is not supported by every Kafka version kgov targets",
  },
  "topic/invalid-config-value": {
    severity: "error",
    title: "A topic config value has the wrong type or is out of range",
  },
  "topic/min-isr-above-rf": { severity: "error", title: "min.insync.replicas is greater than the replication factor" },
  "topic/min-isr-equals-rf": { severity: "warning", title: "min.insync.replicas equals the replication factor" },
  "topic/internal-topic": { severity: "error", title: "A Kafka-internal topic is declared" },
  "topic/outside-scope": { severity: "warning", title: "A declared topic is outside settings.scope.topicPrefixes" },
  "policy/topic-name": { severity: "error", title: "A topic name does not match settings.policies.topicName" },
  "policy/invalid-pattern": {
    severity: "error",
    title: "settings.policies.topicName is not a valid regular expression",
  },
  "policy/replication-factor": { severity: "error", title: "A replication factor is outside the policy bounds" },
  "policy/partitions": { severity: "error", title: "A partition count is outside the policy bounds" },
  "policy/single-writer": { severity: "error", title: "More than one service produces to the same topic" },
  "reference/undeclared-topic": { severity: "error", title: "A service references a topic that is not declared" },
  "acl/invalid-principal": { severity: "error", title: "An ACL principal is not of the form Type:name" },
  "acl/invalid-operation": { severity: "error", title: "An ACL operation does not apply to the resource type" },
  "acl/invalid-resource": { severity: "error", title: "An ACL resource is incomplete or contradictory" },
  "acl/outside-scope": {
    severity: "warning",
    title:
      "An ACL's principal is outside settings.scope.principals and not a service's: kgov never deletes its bindings",
  },
  "acl/authorizer-disabled": { severity: "error", title: "The cluster has no authorizer, so ACLs cannot be managed" },
  "acl/rejected": { severity: "error", title: "The broker refused to create or delete an ACL binding" },
  "plan/usage-unknown": {
    severity: "warning",
    title: "kgov could not look up which consumer groups use what the plan narrows or deletes",
  },
  "acl/delete-mismatch": {
    severity: "warning",
    title: "A planned ACL deletion matched a different number of bindings than planned",
  },
  "schema/missing-file": { severity: "error", title: "A referenced schema file does not exist" },
  "schema/unknown-type": { severity: "error", title: "A schema file's format cannot be told from its extension" },
  "schema/empty": { severity: "error", title: "A schema file is empty" },
  "schema/not-text": { severity: "error", title: "A schema file is binary or not UTF-8 text" },
  "schema/json-invalid": { severity: "error", title: "A JSON schema file (.avsc, .json) is not valid JSON" },
  "schema/json-duplicate-key": { severity: "warning", title: "A JSON object in a schema file has the same key twice" },
  "schema/avro-invalid": { severity: "error", title: "An Avro schema is invalid" },
  "schema/avro-idl-invalid": { severity: "error", title: "An Avro IDL file has a syntax error" },
  "schema/avro-idl-unsupported": {
    severity: "error",
    title: "An Avro IDL file uses syntax kgov cannot read",
  },
  "schema/avro-idl-import-missing": { severity: "error", title: "An Avro IDL file imports a file that does not exist" },
  "schema/json-schema-invalid": {
    severity: "error",
    title: "A JSON Schema is invalid (meta-schema, pattern or local $ref)",
  },
  "schema/json-schema-unknown-draft": {
    severity: "warning",
    title: "A JSON Schema declares a $schema draft kgov cannot check",
  },
  "schema/protobuf-invalid": { severity: "error", title: "A Protobuf schema is invalid" },
  "compat/invalid-schema": {
    severity: "error",
    title: "A schema version cannot be parsed, so compatibility cannot be decided",
  },
  "compat/subject-removed": {
    severity: "warning",
    title: "A subject present at the comparison source is no longer declared",
  },
  "compat/schema-type-changed": { severity: "error", title: "A subject's schema type changed" },
  "plan/partition-decrease": { severity: "error", title: "The desired partition count is lower than the topic's" },
  "plan/replication-factor-exceeds-brokers": {
    severity: "error",
    title: "The desired replication factor is greater than the number of brokers",
  },
  "plan/reassignment-in-progress": {
    severity: "warning",
    title: "A topic's partitions are being reassigned, so its replication is not planned",
  },
  "plan/sensitive-config-unknown": {
    severity: "info",
    title: "A sensitive topic config is set but its value cannot be compared",
  },
  "plan/base-unplannable": {
    severity: "warning",
    title: "The --base revision's files cannot be planned, so drift is not shown",
  },
  "plan/stale": {
    severity: "error",
    title: "A saved plan no longer matches the cluster or the desired-state files",
  },
  "subject/matches-older-version": {
    severity: "warning",
    title: "A subject's desired schema is an older version, so nothing is registered",
  },
  "subject/read-only": { severity: "error", title: "A subject the plan writes to is in READONLY mode" },
  "subject/incompatible": { severity: "error", title: "A new version of a subject is incompatible at its level" },
  "subject/engines-disagree": {
    severity: "warning",
    title: "The registry accepts a new version that kgov's own engine finds incompatible",
  },
  "graph/plan-file-missing": { severity: "error", title: "The plan file given to kgov graph --touched does not exist" },
  "graph/nothing-touched": {
    severity: "warning",
    title: "The plan given to --touched changes nothing the graph shows",
  },
  "subject/conflict": {
    severity: "error",
    title: "Two declarations give the same subject different schemas or levels",
  },
  "subject/strategy-with-subject": {
    severity: "error",
    title: "A schema binding sets both subject and subjectNameStrategy",
  },
  "subject/no-record-name": {
    severity: "error",
    title: "A record-named subject's schema has no record name",
  },
  "subject/name-not-idl": { severity: "error", title: "`name` is set for a schema file that is not Avro IDL" },
  "subject/reference-unresolved": {
    severity: "error",
    title: "A schema refers to a type or file that no standalone schema provides",
  },
  "subject/reference-ambiguous": {
    severity: "error",
    title: "A schema reference matches more than one standalone schema",
  },
  "subject/reference-cycle": { severity: "error", title: "Subjects reference each other in a cycle" },
  "subject/not-planned": {
    severity: "warning",
    title: "The files bind schemas but no registry is configured, so no subject is planned",
  },
  "apply/invalid-plan-file": { severity: "error", title: "The plan file cannot be read or is not a kgov plan" },
  "apply/plan-has-errors": { severity: "error", title: "The plan has errors, so it cannot be applied" },
  "apply/not-approved": { severity: "error", title: "The changes were not approved" },
  "apply/deletion-not-allowed": {
    severity: "warning",
    title: "The plan deletes topics but apply was run without --allow-delete",
  },
  "apply/reassignment-timeout": {
    severity: "error",
    title: "A replica reassignment did not finish within the timeout",
  },
  "apply/outcome-unknown": {
    severity: "warning",
    title: "A request of the apply got no answer, so its changes may or may not have been made",
  },
  "import/invalid-source": {
    severity: "error",
    title: "A kafka-gitops or JulieOps file does not have the shape that tool reads",
  },
  "import/existing-file": { severity: "error", title: "kgov import would overwrite a file that already exists" },
  "import/unsafe-path": { severity: "error", title: "A file kgov import would write lies outside the output folder" },
  "internal/bug": { severity: "error", title: "kgov hit an unexpected internal error" },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
