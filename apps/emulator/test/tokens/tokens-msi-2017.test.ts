/**
 * The 2017-09-01 protocol through MSI_ENDPOINT + MSI_SECRET alone, which MSAL (and so
 * @azure/identity) treats as the Azure ML / legacy App Service source: header `secret`,
 * selector `clientid`, expiry parsed as epoch seconds.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { ManagedIdentityCredential } from "@azure/identity";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { createIdentities, identityEnvironmentOf, ok, setIdentityEnvironment, verifyWithAzmiJwks, type IdentityFixture } from "../support/token-checks.js";

let azmi: TestAzmi;
let ids: IdentityFixture;
let hostId: string;
let restore: () => void = () => {};

beforeAll(async () => {
  azmi = await startTestAzmi();
  ids = await createIdentities(azmi, "rg-msi-2017");
  hostId = `${ids.groupId}/providers/Microsoft.ContainerInstance/containerGroups/job`;
  await ok(azmi, "PUT", `${hostId}?api-version=2023-05-01`, {
    location: "westeurope",
    identity: { type: "SystemAssigned, UserAssigned", userAssignedIdentities: { [ids.attached.id]: {} } },
  });
  const env = await identityEnvironmentOf(azmi, hostId);
  restore = setIdentityEnvironment({ MSI_ENDPOINT: env.MSI_ENDPOINT!, MSI_SECRET: env.MSI_SECRET! });
});

afterAll(async () => {
  restore();
  await azmi?.stop();
});

it("gets the system-assigned and an attached user-assigned identity's tokens", async () => {
  const system = await verifyWithAzmiJwks(azmi, (await new ManagedIdentityCredential().getToken("https://management.azure.com/.default")).token);
  expect(String(system.xms_mirid).toLowerCase()).toBe(hostId.toLowerCase());
  const user = await new ManagedIdentityCredential({ clientId: ids.attached.clientId }).getToken("https://management.azure.com/.default");
  expect(user.expiresOnTimestamp - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
  expect(await verifyWithAzmiJwks(azmi, user.token)).toMatchObject({ appid: ids.attached.clientId, oid: ids.attached.principalId });
});
