/**
 * @azure/keyvault-secrets (the newest, api-version 2026-04-01) against a vault reached through
 * azmi's proxy at https://{vault}.vault.azure.net, with ClientSecretCredential signing in at
 * azmi's login endpoint: the SDK's challenge flow, versions, properties, paging, soft delete with
 * its pollers, backup and restore.
 */
import { ClientSecretCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { createVault } from "../support/vault-data.js";

let azmi: TestAzmi;
let client: SecretClient;
const V = "kv-sdk-secrets";

beforeAll(async () => {
  azmi = await startTestAzmi();
  await createVault(azmi, "rg-kv-sdk-secrets", V);
  const credential = new ClientSecretCredential(azmi.tenantId, "41111111-1111-1111-1111-111111111111", "any-secret", {
    authorityHost: azmi.url,
    disableInstanceDiscovery: true,
  });
  client = new SecretClient(`https://${V}.vault.azure.net`, credential, {
    proxyOptions: { host: "http://127.0.0.1", port: azmi.port },
    retryOptions: { maxRetries: 0 },
  });
});

afterAll(() => azmi?.stop());

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

describe("SecretClient through the proxy", () => {
  it("sets, gets, versions and updates a secret", async () => {
    const first = await client.setSecret("app-password", "s3cret-1", { contentType: "text/plain", tags: { env: "test" } });
    expect(first.value).toBe("s3cret-1");
    expect(first.properties.vaultUrl).toBe(`https://${V}.vault.azure.net`);
    expect(first.properties.version).toMatch(/^[0-9a-f]{32}$/);
    await client.setSecret("app-password", "s3cret-2");
    expect((await client.getSecret("app-password")).value).toBe("s3cret-2");
    expect((await client.getSecret("app-password", { version: first.properties.version! })).value).toBe("s3cret-1");
    const versions = await collect(client.listPropertiesOfSecretVersions("app-password"));
    expect(versions.map((v) => v.version).sort()).toHaveLength(2);

    const updated = await client.updateSecretProperties("app-password", first.properties.version!, { enabled: false, tags: { env: "old" } });
    expect(updated.enabled).toBe(false);
    await expect(client.getSecret("app-password", { version: first.properties.version! })).rejects.toMatchObject({ statusCode: 403 });
  });

  it("lists secrets across pages", async () => {
    for (let i = 0; i < 4; i++) await client.setSecret(`listed-${i}`, `v${i}`);
    const pages = client.listPropertiesOfSecrets().byPage({ maxPageSize: 2 });
    const names: string[] = [];
    let count = 0;
    for await (const page of pages) {
      expect(page.length).toBeLessThanOrEqual(2);
      names.push(...page.map((p) => p.name));
      count++;
    }
    expect(count).toBeGreaterThan(1);
    expect(names.filter((n) => n.startsWith("listed-"))).toEqual(["listed-0", "listed-1", "listed-2", "listed-3"]);
  });

  it("soft-deletes, recovers and purges through the SDK's pollers", async () => {
    await client.setSecret("to-delete", "value");
    const deleting = await client.beginDeleteSecret("to-delete", { intervalInMs: 10 });
    const deleted = await deleting.pollUntilDone();
    expect(deleted.recoveryId).toBe(`https://${V}.vault.azure.net/deletedsecrets/to-delete`);
    await expect(client.setSecret("to-delete", "again")).rejects.toMatchObject({ statusCode: 409, code: "Conflict" });
    expect((await collect(client.listDeletedSecrets())).map((s) => s.name)).toContain("to-delete");

    const recovering = await client.beginRecoverDeletedSecret("to-delete", { intervalInMs: 10 });
    await recovering.pollUntilDone();
    expect((await client.getSecret("to-delete")).value).toBe("value");

    await (await client.beginDeleteSecret("to-delete", { intervalInMs: 10 })).pollUntilDone();
    await client.purgeDeletedSecret("to-delete");
    await expect(client.getDeletedSecret("to-delete")).rejects.toMatchObject({ statusCode: 404, code: "SecretNotFound" });
  });

  it("backs up and restores", async () => {
    await client.setSecret("kept", "keep-me");
    const blob = await client.backupSecret("kept");
    await (await client.beginDeleteSecret("kept", { intervalInMs: 10 })).pollUntilDone();
    await client.purgeDeletedSecret("kept");
    const restored = await client.restoreSecretBackup(blob!);
    expect(restored.name).toBe("kept");
    expect((await client.getSecret("kept")).value).toBe("keep-me");
  });

  it("answers SecretNotFound as the SDK expects it", async () => {
    await expect(client.getSecret("does-not-exist")).rejects.toMatchObject({ statusCode: 404, code: "SecretNotFound" });
  });
});
