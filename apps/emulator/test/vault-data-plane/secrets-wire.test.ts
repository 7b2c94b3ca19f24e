/**
 * The secrets of the Key Vault data plane on the wire (permissive mode): the challenge, versions,
 * attributes, paging, soft delete, backup and restore, and Key Vault's errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { createVault, vaultRequest, vaultToken } from "../support/vault-data.js";

let azmi: TestAzmi;
let token: string;
const V = "kv-wire-secrets";
const API = "api-version=7.4";

beforeAll(async () => {
  azmi = await startTestAzmi();
  await createVault(azmi, "rg-kv-wire", V);
  token = await vaultToken(azmi, "31111111-1111-1111-1111-111111111111");
});

afterAll(() => azmi?.stop());

const kv = (method: string, path: string, body?: unknown, t: string | null = token) =>
  vaultRequest(azmi, V, method, path, { ...(body === undefined ? {} : { body }), ...(t === null ? {} : { token: t }) });

describe("the challenge", () => {
  it("answers a request without a token 401 with Key Vault's WWW-Authenticate", async () => {
    const res = await kv("GET", `/secrets/anything?${API}`, undefined, null);
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe(
      `Bearer authorization="https://login.microsoftonline.com/${azmi.tenantId}", resource="https://vault.azure.net"`,
    );
    expect(res.json.error.code).toBe("Unauthorized");
  });

  it("refuses a token for Resource Manager's audience", async () => {
    const arm = await vaultToken(azmi, "31111111-1111-1111-1111-111111111111", "https://management.azure.com/.default");
    const res = await kv("GET", `/secrets?${API}`, undefined, arm);
    expect(res.status).toBe(401);
    expect(res.json.error.message).toMatch(/Invalid audience/);
  });

  it("answers for a vault that does not exist with 404, and an unknown api-version with BadParameter", async () => {
    expect((await vaultRequest(azmi, "kv-nope", "GET", `/secrets?${API}`, { token })).status).toBe(404);
    const bad = await kv("GET", `/secrets?api-version=1.0`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("BadParameter");
  });
});

describe("secrets", () => {
  it("makes a new version on every set and reads the latest or a named one", async () => {
    const one = await kv("PUT", `/secrets/db-password?${API}`, { value: "one", contentType: "text/plain", tags: { app: "a" } });
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({
      value: "one",
      contentType: "text/plain",
      tags: { app: "a" },
      attributes: { enabled: true, recoveryLevel: "Recoverable+Purgeable", recoverableDays: 90 },
    });
    expect(one.json.id).toMatch(new RegExp(`^http://${V}\\.vault\\.localhost:${azmi.port}/secrets/db-password/[0-9a-f]{32}$`));
    const two = await kv("PUT", `/secrets/db-password?${API}`, { value: "two" });
    expect(two.json.id).not.toBe(one.json.id);
    expect((await kv("GET", `/secrets/db-password?${API}`)).json.value).toBe("two");
    const version = String(one.json.id).split("/").at(-1);
    expect((await kv("GET", `/secrets/db-password/${version}?${API}`)).json.value).toBe("one");
    const versions = await kv("GET", `/secrets/db-password/versions?${API}`);
    expect(versions.json.value).toHaveLength(2);
    expect(versions.json.value[0]).not.toHaveProperty("value");
  });

  it("updates attributes without a new version, and refuses to read a disabled version", async () => {
    const set = await kv("PUT", `/secrets/toggled?${API}`, { value: "x" });
    const version = String(set.json.id).split("/").at(-1);
    const updated = await kv("PATCH", `/secrets/toggled/${version}?${API}`, { attributes: { enabled: false, exp: 4102444800 }, tags: { t: "1" } });
    expect(updated.status).toBe(200);
    expect(updated.json).not.toHaveProperty("value");
    expect(updated.json).toMatchObject({ id: set.json.id, attributes: { enabled: false, exp: 4102444800 }, tags: { t: "1" } });
    const read = await kv("GET", `/secrets/toggled?${API}`);
    expect(read.status).toBe(403);
    expect(read.json.error).toMatchObject({ code: "Forbidden", innererror: { code: "SecretDisabled" } });
  });

  it("answers SecretNotFound for an unknown secret or version, and BadParameter for a bad name or a missing value", async () => {
    const missing = await kv("GET", `/secrets/never-set?${API}`);
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe("SecretNotFound");
    await kv("PUT", `/secrets/known?${API}`, { value: "v" });
    expect((await kv("GET", `/secrets/known/00000000000000000000000000000000?${API}`)).json.error.code).toBe("SecretNotFound");
    expect((await kv("PUT", `/secrets/bad_name?${API}`, { value: "v" })).json.error.code).toBe("BadParameter");
    expect((await kv("PUT", `/secrets/no-value?${API}`, { contentType: "x" })).json.error.code).toBe("BadParameter");
  });

  it("pages lists with maxresults and nextLink", async () => {
    for (let i = 0; i < 5; i++) await kv("PUT", `/secrets/paged-${i}?${API}`, { value: String(i) });
    const names: string[] = [];
    let next: string | null = `/secrets?${API}&maxresults=2`;
    let pages = 0;
    while (next !== null && pages < 20) {
      const res = await kv("GET", next);
      expect(res.status).toBe(200);
      expect(res.json.value.length).toBeLessThanOrEqual(2);
      for (const item of res.json.value) names.push(String(item.id).split("/").at(-1)!);
      next = res.json.nextLink === null ? null : new URL(res.json.nextLink).pathname + new URL(res.json.nextLink).search;
      pages++;
    }
    expect(names.filter((n) => n.startsWith("paged-"))).toEqual(["paged-0", "paged-1", "paged-2", "paged-3", "paged-4"]);
    expect(new Set(names).size).toBe(names.length);
    expect((await kv("GET", `/secrets?${API}&maxresults=26`)).json.error.code).toBe("BadParameter");
  });

  it("soft-deletes: the name is taken (409) until recovered, and free again once purged", async () => {
    await kv("PUT", `/secrets/gone?${API}`, { value: "secret" });
    const deleted = await kv("DELETE", `/secrets/gone?${API}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toMatchObject({ recoveryId: `http://${V}.vault.localhost:${azmi.port}/deletedsecrets/gone` });
    expect(deleted.json.scheduledPurgeDate - deleted.json.deletedDate).toBe(90 * 86400);
    expect((await kv("GET", `/secrets/gone?${API}`)).status).toBe(404);
    const conflict = await kv("PUT", `/secrets/gone?${API}`, { value: "again" });
    expect(conflict.status).toBe(409);
    expect(conflict.json.error.code).toBe("Conflict");
    expect((await kv("GET", `/deletedsecrets?${API}`)).json.value.map((i: { recoveryId: string }) => i.recoveryId.split("/").at(-1))).toContain("gone");

    expect((await kv("POST", `/deletedsecrets/gone/recover?${API}`)).status).toBe(200);
    expect((await kv("GET", `/secrets/gone?${API}`)).json.value).toBe("secret");

    await kv("DELETE", `/secrets/gone?${API}`);
    expect((await kv("DELETE", `/deletedsecrets/gone?${API}`)).status).toBe(204);
    expect((await kv("GET", `/deletedsecrets/gone?${API}`)).status).toBe(404);
    expect((await kv("PUT", `/secrets/gone?${API}`, { value: "fresh" })).status).toBe(200);
  });

  it("backs up into an opaque blob and restores every version", async () => {
    await kv("PUT", `/secrets/saved?${API}`, { value: "first-plaintext-value" });
    await kv("PUT", `/secrets/saved?${API}`, { value: "v2" });
    const backup = await kv("POST", `/secrets/saved/backup?${API}`);
    expect(backup.status).toBe(200);
    expect(backup.json.value).not.toContain("first-plaintext-value");
    expect((await kv("POST", `/secrets/restore?${API}`, { value: backup.json.value })).json.error.code).toBe("Conflict");
    await kv("DELETE", `/secrets/saved?${API}`);
    await kv("DELETE", `/deletedsecrets/saved?${API}`);
    const restored = await kv("POST", `/secrets/restore?${API}`, { value: backup.json.value });
    expect(restored.status).toBe(200);
    expect((await kv("GET", `/secrets/saved?${API}`)).json.value).toBe("v2");
    expect((await kv("GET", `/secrets/saved/versions?${API}`)).json.value).toHaveLength(2);
    expect((await kv("POST", `/secrets/restore?${API}`, { value: "garbage" })).json.error.code).toBe("BadParameter");
  });

  it("answers certificates with Key Vault's error for an operation it does not serve", async () => {
    const res = await kv("GET", `/certificates?${API}`);
    expect(res.status).toBe(501);
    expect(res.json.error.code).toBe("NotSupported");
  });
});

describe("certificate contacts", () => {
  it("answers an empty list, then what was set, and the removed list on delete", async () => {
    expect((await kv("GET", `/certificates/contacts?${API}`)).json).toEqual({
      id: `http://${V}.vault.localhost:${azmi.port}/certificates/contacts`,
      contacts: [],
    });
    const set = await kv("PUT", `/certificates/contacts?${API}`, { contacts: [{ email: "ops@contoso.com", name: "Ops", phone: "0100" }] });
    expect(set.status).toBe(200);
    expect((await kv("GET", `/certificates/contacts?${API}`)).json.contacts).toEqual([{ email: "ops@contoso.com", name: "Ops", phone: "0100" }]);
    expect((await kv("PUT", `/certificates/contacts?${API}`, { contacts: [{ name: "no mail" }] })).json.error.code).toBe("BadParameter");
    const removed = await kv("DELETE", `/certificates/contacts?${API}`);
    expect(removed.json.contacts).toHaveLength(1);
    expect((await kv("GET", `/certificates/contacts?${API}`)).json.contacts).toEqual([]);
  });
});
