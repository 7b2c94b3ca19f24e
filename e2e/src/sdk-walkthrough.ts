/**
 * The walkthrough every language's Azure SDK scenario runs (Python, Go, Java), with what a user
 * would check of it: the `arm` mode (ClientSecretCredential making a group, an identity, a
 * federated credential and a Reader assignment, each listed back), and the `token` mode
 * (ManagedIdentityCredential as a web app's system-assigned identity). The scenario program
 * differs per language; what it is given and what its answer must show does not.
 */
import { WebSiteManagementClient } from "@azure/arm-appservice";
import { ClientSecretCredential } from "@azure/identity";
import { expect } from "vitest";
import { expectIdentity, expectRoleAssignment, type RunningTestAzmi } from "@azmi/emulator/testing";

/** What the `arm` mode is told: azmi's address and the operator-less test client's credentials. */
export function armModeEnvironment(azmi: RunningTestAzmi): Record<string, string> {
  return {
    AZMI_URL: azmi.url,
    AZMI_SUBSCRIPTION_ID: azmi.subscriptionId,
    AZMI_TENANT_ID: azmi.tenantId,
    AZMI_CLIENT_ID: azmi.clientId,
    AZMI_CLIENT_SECRET: azmi.clientSecret,
  };
}

/** The `arm` mode's answer for the names `{prefix}-rg` and `{prefix}-id`, checked against azmi's own state. */
export async function expectArmWalkthrough(out: Record<string, any>, azmi: RunningTestAzmi, prefix: string): Promise<void> {
  expect(out.group).toBe(`/subscriptions/${azmi.subscriptionId}/resourceGroups/${prefix}-rg`);
  expect(out.identities).toEqual([`${prefix}-id`]);
  expect(out.credentials).toEqual(["github"]);
  expect(await expectIdentity(out.identity.id, azmi)).toMatchObject({ principalId: out.identity.principalId, clientId: out.identity.clientId });
  expect(out.assignment).toEqual({ scope: out.group, principalId: out.identity.principalId });
  expect(out.assignments).toContain(out.identity.principalId);
  await expectRoleAssignment({ principalId: out.identity.principalId, role: "Reader", scope: out.group }, azmi);
}

export interface WebApp {
  readonly id: string;
  readonly principalId: string;
}

/** A Linux web app `{prefix}-web` with a system-assigned identity in `{prefix}-rg`, made with the JS SDK. */
export async function createWebApp(azmi: RunningTestAzmi, prefix: string): Promise<WebApp> {
  const credential = new ClientSecretCredential(azmi.tenantId, azmi.clientId, azmi.clientSecret, {
    authorityHost: azmi.url,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: azmi.caPem },
  });
  const web = new WebSiteManagementClient(credential, azmi.subscriptionId, {
    endpoint: azmi.url,
    tlsOptions: { ca: azmi.caPem },
    retryOptions: { maxRetries: 0 },
  });
  const plan = await web.appServicePlans.beginCreateOrUpdateAndWait(`${prefix}-rg`, `${prefix}-plan`, {
    location: "westeurope",
    kind: "linux",
    reserved: true,
    sku: { name: "B1" },
  });
  const site = await web.webApps.beginCreateOrUpdateAndWait(`${prefix}-rg`, `${prefix}-web`, {
    location: "westeurope",
    serverFarmId: plan.id,
    identity: { type: "SystemAssigned" },
  });
  return { id: site.id!, principalId: site.identity!.principalId! };
}

/** The `token` mode's claims: the web app's identity, this tenant, ARM's audience, a future expiry in epoch seconds. */
export function expectWebAppToken(out: Record<string, any>, site: WebApp, azmi: RunningTestAzmi): void {
  expect(out.oid).toBe(site.principalId);
  expect(out.tid).toBe(azmi.tenantId);
  expect(out.aud).toBe("https://management.azure.com");
  expect(out.xms_mirid.toLowerCase()).toBe(site.id.toLowerCase());
  expect(Number.isInteger(out.expiresOn)).toBe(true);
  expect(out.expiresOn).toBeGreaterThan(Date.now() / 1000);
}
