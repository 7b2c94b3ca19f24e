/**
 * `az keyvault` (vaults on ARM) against azmi through the proxy: create, show, list, delete into
 * soft delete, list-deleted, recover, delete again and purge. Skipped, loudly, when az is not
 * installed. (`list-deleted` is asked for vaults only: without --resource-type az also lists
 * deletedManagedHSMs, which azmi does not serve yet.) Debian's az 2.45 sends api-version 2022-07-01;
 * with AZMI_AZ pointing at the newest az the same suite passes on 2026-02-01. Then the data plane:
 * `az keyvault secret` set, show, list, delete, list-deleted and recover on a vault's
 * https://{vault}.vault.azure.net, with az's own challenge flow.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { findAz, loggedInAz, skipReasonForAz } from "../support/az.js";

const az = findAz();
const skipReason = skipReasonForAz(az);
if (skipReason !== undefined) console.warn(`SKIPPED az keyvault tests: ${skipReason}`);

interface VaultOutput {
  id: string;
  name: string;
  location: string;
  properties: { vaultUri: string; tenantId: string; enableSoftDelete?: boolean; sku: { name: string } };
}

describe.skipIf(skipReason !== undefined)("az keyvault through the proxy", () => {
  const rg = "kv-az-rg";
  const name = `kvaz${Date.now().toString(36)}`;
  const live = loggedInAz(az!, { group: rg });

  it("creates, shows, lists, soft-deletes, recovers and purges a vault", async () => {
    // RBAC mode: az then asks Graph nothing (with access policies it looks up the signed-in principal to grant it one).
    const created = await live.session.json<VaultOutput>([
      "keyvault",
      "create",
      "-n",
      name,
      "-g",
      rg,
      "-l",
      "westeurope",
      "--enable-rbac-authorization",
      "true",
    ]);
    expect(created.properties).toMatchObject({ enableRbacAuthorization: true });
    expect(created).toMatchObject({ name, location: "westeurope", properties: { vaultUri: `https://${name}.vault.azure.net/`, sku: { name: "standard" } } });
    expect(await live.session.json<VaultOutput>(["keyvault", "show", "-n", name])).toMatchObject({ id: created.id });
    expect((await live.session.json<VaultOutput[]>(["keyvault", "list", "-g", rg])).map((v) => v.name)).toEqual([name]);

    await live.session.run(["keyvault", "delete", "-n", name]);
    expect(await live.session.json<VaultOutput[]>(["keyvault", "list", "-g", rg])).toEqual([]);
    expect((await live.session.json<Array<{ name: string }>>(["keyvault", "list-deleted", "--resource-type", "vault"])).map((v) => v.name)).toContain(name);

    await live.session.json(["keyvault", "recover", "-n", name]);
    expect(await live.session.json<VaultOutput>(["keyvault", "show", "-n", name])).toMatchObject({ name });

    await live.session.run(["keyvault", "delete", "-n", name]);
    const purged = await live.session.run(["keyvault", "purge", "-n", name]);
    expect(purged.code).toBe(0);
    expect((await live.session.json<Array<{ name: string }>>(["keyvault", "list-deleted", "--resource-type", "vault"])).map((v) => v.name)).not.toContain(name);
  }, 180_000);
});

// Debian's az 2.45 cannot run `az keyvault secret` at all (its package lacks azure.keyvault.v7_0),
// so the data plane is driven by the newest az.
const newest = findAz("newest");
const newestSkip = skipReasonForAz(newest);
if (newestSkip !== undefined) console.warn(`SKIPPED az keyvault secret tests: ${newestSkip}`);

describe.skipIf(newestSkip !== undefined)("az keyvault secret on the data plane, through the proxy", () => {
  const vault = `kvsec${Date.now().toString(36)}`;
  const live = loggedInAz(newest!, { group: "kv-secrets-rg" });
  beforeAll(async () => {
    await live.session.json(["keyvault", "create", "-n", vault, "-g", "kv-secrets-rg", "-l", "westeurope", "--enable-rbac-authorization", "true"]);
  }, 180_000);

  it("sets, shows, lists, deletes and recovers a secret on the vault's data plane", async () => {
    const first = await live.session.json<{ id: string; value: string }>([
      "keyvault",
      "secret",
      "set",
      "--vault-name",
      vault,
      "-n",
      "db-password",
      "--value",
      "one",
    ]);
    expect(first.id).toMatch(new RegExp(`^https://${vault}\\.vault\\.azure\\.net/secrets/db-password/[0-9a-f]{32}$`));
    await live.session.json(["keyvault", "secret", "set", "--vault-name", vault, "-n", "db-password", "--value", "two"]);
    expect((await live.session.json<{ value: string }>(["keyvault", "secret", "show", "--vault-name", vault, "-n", "db-password"])).value).toBe("two");
    expect((await live.session.json<{ value: string }>(["keyvault", "secret", "show", "--id", first.id])).value).toBe("one");
    expect((await live.session.json<Array<{ name: string }>>(["keyvault", "secret", "list", "--vault-name", vault])).map((s) => s.name)).toEqual([
      "db-password",
    ]);

    await live.session.json(["keyvault", "secret", "delete", "--vault-name", vault, "-n", "db-password"]);
    const missing = await live.session.run(["keyvault", "secret", "show", "--vault-name", vault, "-n", "db-password"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/SecretNotFound|not found/i);
    expect((await live.session.json<Array<{ name: string }>>(["keyvault", "secret", "list-deleted", "--vault-name", vault])).map((s) => s.name)).toEqual([
      "db-password",
    ]);
    await live.session.json(["keyvault", "secret", "recover", "--vault-name", vault, "-n", "db-password"]);
    expect((await live.session.json<{ value: string }>(["keyvault", "secret", "show", "--vault-name", vault, "-n", "db-password"])).value).toBe("two");
  }, 180_000);
});
