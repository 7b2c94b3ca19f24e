/**
 * Azure SDK for JS against a freshly started azmi (the built CLI, as a child process): one
 * walkthrough across the surfaces a user's code touches, with the real @azure/arm-* clients and
 * @azure/identity. Each step's deeper cases live in the emulator's integration tests; this one
 * proves the pieces fit together from outside the process.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientSecretCredential } from "@azure/identity";
import { ResourceManagementClient } from "@azure/arm-resources";
import { ManagedServiceIdentityClient } from "@azure/arm-msi";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ManagementLockClient } from "@azure/arm-locks";
import { WebSiteManagementClient } from "@azure/arm-appservice";
import { e2eModes, modeLabel, modeOptions } from "../src/modes.js";
import { expectIdentity, expectLock, expectRoleAssignment, startAzmi, type RunningTestAzmi } from "@azmi/emulator/testing";

const decodeJwt = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const run = promisify(execFile);

/** Runs `new ManagedIdentityCredential().getToken(scope)` in a child node with the app's environment. */
async function appToken(environment: Record<string, string>, scope: string): Promise<string> {
  const script = `import { ManagedIdentityCredential } from "@azure/identity";
    const token = await new ManagedIdentityCredential().getToken(${JSON.stringify(scope)});
    process.stdout.write(token.token);`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    env: { ...process.env, ...environment },
    timeout: 60_000,
  });
  return stdout;
}

for (const mode of e2eModes())
  describe(`Azure SDK for JS${modeLabel(mode)}`, () => {
    let azmi: RunningTestAzmi;
    let credential: ClientSecretCredential;
    let options: { endpoint: string; tlsOptions: { ca: string }; retryOptions: { maxRetries: number } };

    beforeAll(async () => {
      azmi = await startAzmi(modeOptions(mode));
      options = { endpoint: azmi.url, tlsOptions: { ca: azmi.caPem }, retryOptions: { maxRetries: 0 } };
      credential = new ClientSecretCredential(azmi.tenantId, azmi.clientId, azmi.clientSecret, {
        authorityHost: azmi.url,
        disableInstanceDiscovery: true,
        tlsOptions: { ca: azmi.caPem },
      });
    });
    afterAll(async () => {
      await azmi?.stop();
    });

    it("group, identity, role assignment, lock, web app identity, managed-identity token", async () => {
      const sub = azmi.subscriptionId;
      const resources = new ResourceManagementClient(credential, sub, options);
      const group = await resources.resourceGroups.createOrUpdate("sdk-rg", { location: "westeurope" });
      expect(group.id).toBe(`/subscriptions/${sub}/resourceGroups/sdk-rg`);

      const msi = new ManagedServiceIdentityClient(credential, sub, options);
      const identity = await msi.userAssignedIdentities.createOrUpdate("sdk-rg", "sdk-id", { location: "westeurope" });
      expect(identity.principalId).toMatch(/^[0-9a-f-]{36}$/);
      await msi.federatedIdentityCredentials.createOrUpdate("sdk-rg", "sdk-id", "github", {
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:o/r:environment:prod",
        audiences: ["api://AzureADTokenExchange"],
      });
      expect(await expectIdentity(identity.id!, azmi)).toMatchObject({ principalId: identity.principalId, clientId: identity.clientId });

      const authorization = new AuthorizationManagementClient(credential, sub, options);
      const assignment = await authorization.roleAssignments.create(group.id!, "5b0e7c4c-2a3e-4a3e-9d7e-1c7f7f0e0a01", {
        roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
        principalId: identity.principalId!,
        principalType: "ServicePrincipal",
      });
      expect(assignment.scope).toBe(group.id);
      await expectRoleAssignment({ principalId: identity.principalId!, role: "Reader", scope: group.id! }, azmi);
      // Inherited below the group, not held at the identity itself.
      await expectRoleAssignment({ principalId: identity.principalId!, role: READER, scope: identity.id!, inherited: true }, azmi);
      await expect(expectRoleAssignment({ principalId: identity.principalId!, role: "Reader", scope: identity.id! }, azmi)).rejects.toThrow(/holds/);

      const web = new WebSiteManagementClient(credential, sub, options);
      const plan = await web.appServicePlans.beginCreateOrUpdateAndWait("sdk-rg", "sdk-plan", {
        location: "westeurope",
        kind: "linux",
        reserved: true,
        sku: { name: "B1" },
      });
      const site = await web.webApps.beginCreateOrUpdateAndWait("sdk-rg", "sdk-web", {
        location: "westeurope",
        serverFarmId: plan.id,
        identity: { type: "SystemAssigned" },
      });
      expect(site.identity?.principalId).toMatch(/^[0-9a-f-]{36}$/);
      const system = await expectIdentity(site.id!, azmi);
      expect(system.principalId).toBe(site.identity!.principalId);

      const locks = new ManagementLockClient(credential, sub, options);
      await locks.managementLocks.createOrUpdateAtResourceGroupLevel("sdk-rg", "keep", { level: "CanNotDelete" });
      await expectLock(group.id!, "CanNotDelete", {}, azmi);
      await expect(resources.resourceGroups.beginDeleteAndWait("sdk-rg")).rejects.toMatchObject({ code: "ScopeLocked" });

      // The web app's code, asking for a token as its system-assigned identity. It runs in a
      // process of its own, as on App Service: MSAL keeps managed-identity tokens in a cache that
      // lives as long as the process, so a second azmi's web app in this one would be handed the
      // first one's token.
      const environment = await azmi.identityEnvironment(site.id!);
      const token = await appToken(environment, "https://management.azure.com/.default");
      const claims = decodeJwt(token);
      expect(claims.oid).toBe(system.principalId);
      expect(claims.tid).toBe(azmi.tenantId);

      await locks.managementLocks.deleteAtResourceGroupLevel("sdk-rg", "keep");
      await resources.resourceGroups.beginDeleteAndWait("sdk-rg");
      expect((await resources.resourceGroups.checkExistence("sdk-rg")).body).toBe(false);
    });
  });
