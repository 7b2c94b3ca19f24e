/**
 * Strict mode's RBAC as Terraform meets it: a principal holding only Reader on the subscription
 * runs `azmi tf -- apply` with its own credentials. Reading (the subscription data source, the
 * plan) works; the first write fails with ARM's AuthorizationFailed naming the action, and the
 * answer carries azmi's explanation (x-azmi-authorization) in the provider's trace. Runs when
 * AZMI_E2E_MODES includes strict, with terraform (or tofu when terraform is missing).
 */
import { readFileSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { startAzmi, type RunningTestAzmi } from "@azmi/emulator/testing";
import { scenarioSteps } from "../src/steps.js";
import { tfWorkspace, type TfWorkspace } from "../src/terraform.js";
import { hclClient } from "../src/tools.js";
import { e2eModes, modeOptions } from "../src/modes.js";

const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const { binary, skipReason: clientMissing } = hclClient();
const skipReason = !e2eModes().includes("strict") ? `strict mode not selected (AZMI_E2E_MODES=${process.env.AZMI_E2E_MODES})` : clientMissing;

describe(`terraform as a Reader [strict]`, () => {
  let azmi: RunningTestAzmi | undefined;
  let tf: TfWorkspace | undefined;
  const { step, failedStep } = scenarioSteps(skipReason);

  beforeAll(async () => {
    if (skipReason !== undefined) return;
    azmi = await startAzmi(modeOptions("strict"));
    // The operator registers the pipeline's application and gives its principal Reader, as a user would.
    const app = await azmi.request("POST", "/v1.0/applications", { displayName: "reader-pipeline" });
    expect(app.status).toBe(201);
    const principal = await azmi.request("POST", "/v1.0/servicePrincipals", { appId: app.json.appId });
    expect(principal.status).toBe(201);
    const password = await azmi.request("POST", `/v1.0/applications/${app.json.id}/addPassword`, { passwordCredential: { displayName: "ci" } });
    expect(password.status).toBe(200);
    const sub = `/subscriptions/${azmi.subscriptionId}`;
    const assignment = await azmi.request("PUT", `${sub}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`, {
      properties: {
        roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
        principalId: principal.json.id,
        principalType: "ServicePrincipal",
      },
    });
    expect(assignment.status).toBe(201);
    tf = tfWorkspace(azmi, binary!, "reader", {}, { clientId: app.json.appId, clientSecret: password.json.secretText });
  });
  afterAll(async () => {
    await azmi?.stop();
    if (tf !== undefined && failedStep() === undefined) rmSync(tf.dir, { recursive: true, force: true });
  });

  step("init (offline, plugin mirror)", async () => {
    await tf!.expect(["init", "-no-color"], "init");
  });

  step("apply fails on its first write with AuthorizationFailed, explained", async () => {
    const result = await tf!.expect(["apply", "-auto-approve", "-no-color"], "apply", [1]);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output).toContain("AuthorizationFailed");
    expect(output).toContain("Microsoft.Resources/subscriptions/resourceGroups/write");
    const trace = readFileSync(result.logFile, "utf8");
    expect(trace).toMatch(/x-azmi-authorization: [^\n]*resourceGroups\/write/i);
    const group = await azmi!.request("GET", `/subscriptions/${azmi!.subscriptionId}/resourceGroups/azmi-e2e-reader-rg?api-version=2022-09-01`);
    expect(group.status).toBe(404);
  });
});
