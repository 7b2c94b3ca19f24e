/**
 * `azmi env --resource <id> [--port N] [--host H] [--format export|json|dotenv]`: asks a running
 * azmi for the managed-identity environment of one resource and prints it, so that
 *   eval "$(pnpm -s azmi env --resource /subscriptions/.../sites/web)"
 * makes the shell's SDK clients act as that resource's identity.
 */
import { parseArgs } from "node:util";
import { formatEnvironment, type EnvironmentFormat } from "./identity-environment.js";

export const ENV_USAGE = `usage: azmi env --resource <resource id> [--port 4566] [--host 127.0.0.1] [--format export|json|dotenv]

Prints IDENTITY_ENDPOINT, IDENTITY_HEADER, AZURE_POD_IDENTITY_AUTHORITY_HOST, MSI_ENDPOINT and
MSI_SECRET for the resource, so SDK credentials (ManagedIdentityCredential, DefaultAzureCredential)
get tokens for its system-assigned identity, or for a user-assigned one attached to it.`;

const FORMATS: readonly EnvironmentFormat[] = ["export", "json", "dotenv"];

export interface EnvCommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processIo: EnvCommandIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Returns the process exit code. */
export async function runEnvCommand(argv: readonly string[], io: EnvCommandIo = processIo): Promise<number> {
  let values: { resource?: string; port?: string; host?: string; format?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        resource: { type: "string" },
        port: { type: "string", default: process.env.AZMI_PORT ?? "4566" },
        host: { type: "string", default: "127.0.0.1" },
        format: { type: "string", default: "export" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${ENV_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.out(`${ENV_USAGE}\n`);
    return 0;
  }
  const format = values.format as EnvironmentFormat;
  if (values.resource === undefined || values.resource === "" || !FORMATS.includes(format) || !/^\d+$/.test(values.port ?? "")) {
    io.err(`${ENV_USAGE}\n`);
    return 2;
  }
  const url = `http://${values.host}:${values.port}/_azmi/identity-endpoint?resource=${encodeURIComponent(values.resource)}`;
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    io.err(`azmi env: no azmi answered at ${values.host}:${values.port} (${(error as Error).message}). Start it with 'pnpm azmi start' or pass --port.\n`);
    return 1;
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
    } catch {
      // not JSON: print as is
    }
    io.err(`azmi env: ${message}\n`);
    return 1;
  }
  io.out(formatEnvironment(JSON.parse(text) as Record<string, string>, format));
  return 0;
}
