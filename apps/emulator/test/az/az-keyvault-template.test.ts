/**
 * A vault and its secret from one template, through `az deployment group create` (the newest az:
 * Debian's 2.45 cannot run `az keyvault secret`): e2e/templates/vault-secret declares the vault,
 * `Microsoft.KeyVault/vaults/secrets` with the value and Key Vault Secrets User for an app's
 * identity on that secret. `az keyvault secret show` then reads the value from the vault's data
 * plane, while Resource Manager's view of the same secret (`az resource show`) never carries it.
 */
import { describe, expect, it } from "vitest";
import { TEMPLATES_DIR } from "../support/templates.js";
import { findAz, loggedInAz, skipReasonForAz } from "../support/az.js";
import { join } from "node:path";

const az = findAz("newest");
const skipReason = skipReasonForAz(az);
if (skipReason !== undefined) console.warn(`SKIPPED az key vault template tests: ${skipReason}`);

describe.skipIf(skipReason !== undefined)("a vault and a secret from az deployment group create", () => {
  const rg = "kv-template-rg";
  const vault = `kvtpl${Date.now().toString(36)}`;
  const live = loggedInAz(az!, { group: rg });

  it("deploys the secret into the vault's data plane, and Resource Manager shows it without its value", async () => {
    const app = await live.session.json<{ principalId: string }>(["identity", "create", "-g", rg, "-n", "app"]);
    const deployment = await live.session.json<{ properties: { provisioningState: string; outputs: { secretUri: { value: string } } } }>([
      "deployment",
      "group",
      "create",
      "-g",
      rg,
      "-n",
      "vault-secret",
      "--template-file",
      join(TEMPLATES_DIR, "vault-secret.json"),
      "--parameters",
      `vaultName=${vault}`,
      "secretValue=from-az",
      `appPrincipalId=${app.principalId}`,
    ]);
    expect(deployment.properties.provisioningState).toBe("Succeeded");
    expect(deployment.properties.outputs.secretUri.value).toBe(`https://${vault}.vault.azure.net/secrets/db-password`);

    const shown = await live.session.json<{ value: string; contentType: string }>(["keyvault", "secret", "show", "--vault-name", vault, "-n", "db-password"]);
    expect(shown).toMatchObject({ value: "from-az", contentType: "text/plain" });

    const onArm = await live.session.run([
      "resource",
      "show",
      "--ids",
      `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${vault}/secrets/db-password`,
      "-o",
      "json",
    ]);
    expect(onArm.code).toBe(0);
    expect(JSON.parse(onArm.stdout)).toMatchObject({ type: "Microsoft.KeyVault/vaults/secrets", properties: { contentType: "text/plain" } });
    expect(onArm.stdout).not.toContain("from-az");

    const assignments = await live.session.json<Array<{ scope: string; roleDefinitionName: string }>>([
      "role",
      "assignment",
      "list",
      "--assignee",
      app.principalId,
      "--all",
    ]);
    expect(assignments).toEqual([
      expect.objectContaining({ roleDefinitionName: "Key Vault Secrets User", scope: expect.stringMatching(/\/secrets\/db-password$/) }),
    ]);
  }, 240_000);
});
