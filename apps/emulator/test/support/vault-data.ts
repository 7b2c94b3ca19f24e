/**
 * Raw requests to a vault's data plane on a test azmi: sent to its port with the Host header
 * `{vault}.vault.localhost:{port}` (the direct address README documents), so the wire is seen
 * exactly as a client sends it. Tokens come from azmi's own token endpoint.
 */
import { send, type HttpAnswer } from "../reliability/child-azmi.js";
import type { TestAzmi } from "./azmi.js";
import { emulatorCredential } from "./azmi.js";
import { ok } from "./token-checks.js";

export type VaultResponse = HttpAnswer;

export function vaultRequest(
  azmi: TestAzmi,
  vault: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string } = {},
): Promise<VaultResponse> {
  const headers: Record<string, string> = { host: `${vault}.vault.localhost:${azmi.port}` };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return send(azmi.port, method, path, { ...(body === undefined ? {} : { body }), headers, timeoutMs: 10_000 });
}

/** A vault-audience token for a client id (client credentials at azmi's token endpoint). */
export async function vaultToken(azmi: TestAzmi, clientId: string, scope = "https://vault.azure.net/.default"): Promise<string> {
  return (await emulatorCredential(azmi.url, azmi.tenantId, clientId).getToken(scope))!.token;
}

/** Creates a resource group and a vault through ARM; answers the vault's id. */
export async function createVault(azmi: TestAzmi, group: string, name: string, properties: Record<string, unknown> = {}, token?: string): Promise<string> {
  await ok(azmi, "PUT", `/subscriptions/${azmi.subscriptionId}/resourceGroups/${group}?api-version=2021-04-01`, { location: "westeurope" }, token);
  const id = `/subscriptions/${azmi.subscriptionId}/resourceGroups/${group}/providers/Microsoft.KeyVault/vaults/${name}`;
  await ok(
    azmi,
    "PUT",
    `${id}?api-version=2023-07-01`,
    {
      location: "westeurope",
      properties: { tenantId: azmi.tenantId, sku: { family: "A", name: "standard" }, accessPolicies: [], enableRbacAuthorization: true, ...properties },
    },
    token,
  );
  return id;
}
