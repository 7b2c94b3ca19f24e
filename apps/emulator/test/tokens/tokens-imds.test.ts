/**
 * A virtual machine's managed identities through the IMDS protocol, as @azure/identity reaches
 * it when AZURE_POD_IDENTITY_AUTHORITY_HOST points at azmi's per-resource base URL. The VM is a
 * generic resource: any resource type can carry an identity.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManagedIdentityCredential } from "@azure/identity";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { createIdentities, identityEnvironmentOf, ok, setIdentityEnvironment, verifyWithAzmiJwks, type IdentityFixture } from "../support/token-checks.js";

let azmi: TestAzmi;
let ids: IdentityFixture;
let vmId: string;
let vmPrincipalId: string;
let imdsBase: string;
let restore: () => void = () => {};

beforeAll(async () => {
  azmi = await startTestAzmi();
  ids = await createIdentities(azmi, "rg-vm-tokens");
  vmId = `${ids.groupId}/providers/Microsoft.Compute/virtualMachines/vm1`;
  const vm = await ok(azmi, "PUT", `${vmId}?api-version=2024-07-01`, {
    location: "westeurope",
    properties: { hardwareProfile: { vmSize: "Standard_B1s" } },
    identity: { type: "SystemAssigned, UserAssigned", userAssignedIdentities: { [ids.attached.id]: {} } },
  });
  vmPrincipalId = vm.identity.principalId;
  imdsBase = (await identityEnvironmentOf(azmi, vmId)).AZURE_POD_IDENTITY_AUTHORITY_HOST!;
  restore = setIdentityEnvironment({ AZURE_POD_IDENTITY_AUTHORITY_HOST: imdsBase });
});

afterAll(async () => {
  restore();
  await azmi?.stop();
});

describe("ManagedIdentityCredential over IMDS", () => {
  it("gets the VM's system-assigned identity token", async () => {
    const token = await new ManagedIdentityCredential().getToken("https://management.azure.com/.default");
    const claims = await verifyWithAzmiJwks(azmi, token.token);
    expect(claims).toMatchObject({ aud: "https://management.azure.com", oid: vmPrincipalId, sub: vmPrincipalId, tid: azmi.tenantId, idtyp: "app" });
    expect(String(claims.xms_mirid).toLowerCase()).toBe(vmId.toLowerCase());
    expect(azmi.services.directory.servicePrincipals.get(vmPrincipalId)?.appId).toBe(claims.appid);
  });

  it("gets an attached user-assigned identity's token by client id, and refuses one not attached", async () => {
    const token = await new ManagedIdentityCredential({ clientId: ids.attached.clientId }).getToken("https://storage.azure.com/.default");
    const claims = await verifyWithAzmiJwks(azmi, token.token);
    expect(claims).toMatchObject({ aud: "https://storage.azure.com", appid: ids.attached.clientId, oid: ids.attached.principalId });
    expect(String(claims.xms_az_rid).toLowerCase()).toBe(vmId.toLowerCase());
    await expect(new ManagedIdentityCredential({ clientId: ids.detached.clientId }).getToken("https://storage.azure.com/.default")).rejects.toThrow(
      /Identity not found/,
    );
  });
});

describe("the IMDS wire protocol", () => {
  const token = (query: string, headers: Record<string, string> = { Metadata: "true" }) =>
    fetch(`${imdsBase}/metadata/identity/oauth2/token?${query}`, { headers });

  it("answers every field as a string", async () => {
    const res = await token(`api-version=2018-02-01&resource=https%3A%2F%2Fmanagement.azure.com%2F&msi_res_id=${encodeURIComponent(ids.attached.id)}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      "access_token",
      "client_id",
      "expires_in",
      "expires_on",
      "ext_expires_in",
      "not_before",
      "resource",
      "token_type",
    ]);
    for (const value of Object.values(body)) expect(typeof value).toBe("string");
    expect(body).toMatchObject({ client_id: ids.attached.clientId, resource: "https://management.azure.com/", token_type: "Bearer" });
    expect(Number(body.expires_in)).toBeGreaterThan(86_000);
  });

  it("answers the SDK probe (no Metadata header, no query) with JSON, as real IMDS does", async () => {
    for (const url of [`${imdsBase}/metadata/identity/oauth2/token`, `http://127.0.0.1:${azmi.port}/metadata/identity/oauth2/token`]) {
      const res = await fetch(url, { headers: { Accept: "application/json" } });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: "invalid_request", error_description: "Required metadata header not specified" });
    }
  });

  it("answers Identity not found for a selector not attached, and at the bare IMDS path", async () => {
    for (const res of [
      await token(`api-version=2018-02-01&resource=api://x&object_id=${ids.detached.principalId}`),
      await fetch(`http://127.0.0.1:${azmi.port}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=api://x`, { headers: { Metadata: "true" } }),
    ]) {
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: "invalid_request", error_description: "Identity not found" });
    }
  });

  it("accepts later api-versions and rejects a missing one", async () => {
    expect((await token("api-version=2021-02-01&resource=api://x")).status).toBe(200);
    const missing = await token("resource=api://x");
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error_description: string }).error_description).toContain("api-version");
  });
});
