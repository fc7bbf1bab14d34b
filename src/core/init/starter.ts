/**
 * The files `kgov init` writes: a commented starter kgov.yaml with one example topic, and that topic's schema.
 * They validate clean (a unit test runs them through the validator).
 */
export interface StarterFile {
  readonly path: string;
  readonly text: string;
}

export function starterFiles(version: string): StarterFile[] {
  const schemaUrl = `https://unpkg.com/kgov@${version}/schemas/kgov.schema.json`;
  const kgovYaml = `# yaml-language-server: $schema=${schemaUrl}
# kgov desired state: the Kafka topics, ACLs and schemas this repository owns.
# Reference: docs/format.md in the kgov package. Check with \`kgov validate\`; preview with \`kgov plan\`.
version: 1

settings:
  # What kgov owns. Nothing outside the scope is ever changed or deleted.
  scope:
    topicPrefixes: [example.]
    principals: [User:svc-]
  # Applied to every topic unless the topic sets its own value.
  defaults:
    topic:
      partitions: 6
      replicationFactor: 3
      config:
        min.insync.replicas: "2" # with RF 3: one broker may be down and acks=all writes still succeed
  policies:
    topicName: '^[a-z]+\\.[a-z0-9-]+\\.v[0-9]+$'
    replicationFactor: { min: 3 }
    singleWriter: true

environments:
  # A local single-broker cluster: the overrides make every topic fit on one broker.
  dev:
    kafka:
      bootstrapServers: localhost:9092
    registry:
      url: http://localhost:8081
    overrides:
      topics:
        "*": { replicationFactor: 1, config: { min.insync.replicas: "1" } }

topics:
  example.greeting-sent.v1:
    description: One event per greeting sent. Keyed by recipient id.
    config:
      retention.ms: 604800000 # 7 days
      cleanup.policy: delete
    schemas:
      value: { file: schemas/GreetingSent.avsc, compatibility: BACKWARD }

services:
  # ACLs are generated from what each service produces and consumes.
  greeter:
    principal: User:svc-greeter
    produces: [example.greeting-sent.v1]
`;
  const schema = `{
  "type": "record",
  "name": "GreetingSent",
  "namespace": "com.example.greetings",
  "doc": "A greeting was sent to someone.",
  "fields": [
    { "name": "recipientId", "type": "string" },
    { "name": "text", "type": "string" },
    { "name": "sentAt", "type": { "type": "long", "logicalType": "timestamp-millis" } }
  ]
}
`;
  return [
    { path: "kgov.yaml", text: kgovYaml },
    { path: "schemas/GreetingSent.avsc", text: schema },
  ];
}

/** Files whose change should re-run validation; the same pattern as in .pre-commit-hooks.yaml (a test checks). */
export const PRE_COMMIT_FILES = String.raw`(^|/)kgov\.ya?ml$|(^|/)kgov\.d/.*\.ya?ml$|\.(avsc|avdl|proto|json)$`;

/** How to run kgov validate before every commit with the pre-commit framework, using the installed kgov. */
export function preCommitInstructions(): string {
  return `Add kgov to your pre-commit hooks (https://pre-commit.com), in .pre-commit-config.yaml:

  repos:
    - repo: local
      hooks:
        - id: kgov-validate
          name: kgov validate
          entry: npx --no-install kgov validate
          language: system
          pass_filenames: false
          files: '${PRE_COMMIT_FILES}'

or point \`repo:\` at the kgov git repository (it ships .pre-commit-hooks.yaml with the hook id kgov-validate).
Then run: pre-commit install
`;
}
