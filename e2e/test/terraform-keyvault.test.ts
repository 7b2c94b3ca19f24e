/**
 * Key Vault as a Terraform user meets it, in strict mode: an RBAC vault, the pipeline given Key
 * Vault Secrets Officer and Crypto Officer, a secret written by azurerm_key_vault_secret and an
 * RSA key made by azurerm_key_vault_key through the vault's data plane (in strict mode only
 * because of those roles: the operator is Owner, which holds no data action), the app's identity
 * given Secrets User on that secret and Crypto User on that key; destroy purges secret, key and
 * vault.
 * Runs with terraform, or tofu when terraform is missing.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { startAzmi, type RunningTestAzmi } from "@azmi/emulator/testing";
import { scenarioSteps } from "../src/steps.js";
import { tfWorkspace, type TfWorkspace } from "../src/terraform.js";
import { hclClient, tools } from "../src/tools.js";
import { e2eModes, modeLabel, modeOptions } from "../src/modes.js";

const report = tools();
const { binary, name: binaryName, skipReason } = hclClient(report);

// Strict mode only: that is where data actions decide (permissive would let Owner write the secret), and each run costs ~3 min.
for (const mode of e2eModes().filter((m) => m === "strict"))
  describe.concurrent(`${binaryName} key vault (HCL, azurerm ${report.azurermVersion ?? "?"})${modeLabel(mode)}`, () => {
    let azmi: RunningTestAzmi | undefined;
    let tf: TfWorkspace | undefined;
    const { step, failedStep } = scenarioSteps(skipReason);

    beforeAll(async () => {
      if (skipReason !== undefined) return;
      azmi = await startAzmi(modeOptions(mode));
      tf = tfWorkspace(azmi, binary!, "keyvault");
    });
    afterAll(async () => {
      await azmi?.stop();
      if (tf !== undefined && failedStep() === undefined) rmSync(tf.dir, { recursive: true, force: true });
    });

    step("init (offline, plugin mirror)", async () => {
      await tf!.expect(["init", "-no-color"], "init");
    });

    step("apply: vault, roles, a secret and a key through the data plane", async () => {
      await tf!.expect(["apply", "-auto-approve", "-no-color"], "apply");
      const outputs = await tf!.outputs();
      expect(outputs.vault_uri).toBe("https://azmi-e2e-kv.vault.azure.net/");
      expect(String(outputs.secret_id)).toMatch(/^https:\/\/azmi-e2e-kv\.vault\.azure\.net\/secrets\/db-password\/[0-9a-f]{32}$/);
      expect(String(outputs.key_id)).toMatch(/^https:\/\/azmi-e2e-kv\.vault\.azure\.net\/keys\/signing\/[0-9a-f]{32}$/);
    });

    step("second plan: no changes", async () => {
      await tf!.expectNoChanges();
    });

    step("destroy purges the secret, the key and the vault", async () => {
      await tf!.expect(["destroy", "-auto-approve", "-no-color"], "destroy");
      const deleted = await azmi!.request(
        "GET",
        `/subscriptions/${azmi!.subscriptionId}/providers/Microsoft.KeyVault/locations/westeurope/deletedVaults/azmi-e2e-kv?api-version=2023-07-01`,
      );
      expect(deleted.status).toBe(404);
    });
  });
