/**
 * Recognises a fleet invocation — `kgov plan|apply|drift --env dev,staging,prod`, `--all-envs`, or (`savedFleet`:
 * apply read the file and found a fleet plan) `kgov apply <file>` — in the raw arguments, before commander parses
 * them: a fleet run is the single-environment command run once per environment, so the arguments are rewritten per
 * environment rather than modelled twice.
 */
export interface FleetArgs {
  readonly command: "plan" | "apply" | "drift";
  /** The environments in the order given; "all" for --all-envs (every environment the files declare). */
  readonly environments: readonly string[] | "all";
  /** The arguments without the command, the global output option, the environment list and --out. */
  readonly rest: readonly string[];
  /** The global --output value, if given. */
  readonly output?: string;
  /** `plan --out`: where the fleet plan goes. */
  readonly out?: string;
  /** -f / --file values, for --all-envs. */
  readonly files: readonly string[];
  /** `apply <file>`: the saved plan argument (a fleet plan when it lists environments). */
  readonly planFile?: string;
}

const FLEET_COMMANDS = new Set(["plan", "apply", "drift"]);

/** Options of plan/apply/drift that take a value, so their value is never mistaken for the plan file argument. */
const VALUED = new Set([
  "-f",
  "--file",
  "-e",
  "--env",
  "--registry-url",
  "--base",
  "--out",
  "--timeout",
  "-o",
  "--output",
  "--bootstrap-server",
  "--command-config",
  "--security-protocol",
  "--sasl-mechanism",
  "--sasl-username",
  "--sasl-password",
  "--tls-ca",
  "--tls-cert",
  "--tls-key",
  "--connect-timeout",
]);

export function parseFleetArgs(argv: readonly string[], { savedFleet = false } = {}): FleetArgs | undefined {
  const at = argv.findIndex((a, i) => FLEET_COMMANDS.has(a) && !VALUED.has(argv[i - 1] ?? ""));
  if (at < 0) return undefined;
  const command = argv[at] as FleetArgs["command"];
  let environments: string[] | "all" | undefined;
  let output: string | undefined;
  let out: string | undefined;
  let planFile: string | undefined;
  const files: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (i === at) continue;
    const arg = argv[i] as string;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? "";
    if (flag === "--all-envs") environments = "all";
    else if (flag === "-e" || flag === "--env") environments = environments === "all" ? "all" : value().split(",");
    else if (flag === "-o" || flag === "--output") output = value();
    else if (flag === "--out" && command === "plan") out = value();
    else if (VALUED.has(flag)) {
      const v = value();
      if (flag === "-f" || flag === "--file") files.push(v);
      rest.push(flag, v);
    } else {
      if (i > at && !arg.startsWith("-") && command === "apply" && planFile === undefined) planFile = arg;
      rest.push(arg);
    }
  }
  const listed = environments === "all" || (environments !== undefined && environments.length > 1);
  if (!listed && !(savedFleet && planFile !== undefined)) return undefined;
  return {
    command,
    environments: environments ?? [],
    rest,
    ...(output !== undefined ? { output } : {}),
    ...(out !== undefined ? { out } : {}),
    files,
    ...(planFile !== undefined ? { planFile } : {}),
  };
}
