/**
 * What `azmi az` and `azmi tf` do alike: take azmi's own options off the front of the command
 * line, print an environment as shell exports (--print-env), and run the tool with that
 * environment, answering its exit code.
 */
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { splitWrapperArgs } from "./running-azmi.js";

export interface WrapperArgs {
  readonly values: {
    readonly port?: string | undefined;
    readonly host?: string | undefined;
    readonly "client-id"?: string | undefined;
    readonly "client-secret"?: string | undefined;
    readonly "print-env": boolean;
    readonly help: boolean;
  };
  /** The tool's own arguments. */
  readonly tool: string[];
}

export function parseWrapperArgs(argv: readonly string[]): WrapperArgs {
  const { own, tool } = splitWrapperArgs(argv);
  const { values } = parseArgs({
    args: own,
    strict: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      "print-env": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  return { values, tool };
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** `--print-env`: the environment as `export NAME='value'` lines on stdout. */
export function printEnvExports(extra: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(extra)) process.stdout.write(`export ${name}=${shellQuote(value)}\n`);
}

/** Runs the tool with the terminal's stdio; resolves with its exit code (1 when it had none). */
export function runTool(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: "inherit" });
    child.once("error", reject);
    child.once("exit", (code) => resolve(code ?? 1));
  });
}
