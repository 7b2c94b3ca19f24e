/**
 * `az lock` against azmi through the proxy, at resource group, resource and subscription level,
 * and the refusals a user sees: `az group delete` and `az identity delete` answer ScopeLocked
 * under a lock and succeed once it is gone. Skipped, loudly, when az is not installed.
 * (Debian's az 2.45 has no `az identity update`; a ReadOnly lock's write refusal is covered with
 * `az group update` instead.)
 */
import { describe, expect, it } from "vitest";
import { findAz, loggedInAz, skipReasonForAz } from "../support/az.js";

const az = findAz();
const skipReason = skipReasonForAz(az);
if (skipReason !== undefined) console.warn(`SKIPPED az lock tests: ${skipReason}`);

const SUB = "00000000-0000-0000-0000-000000000000";

interface LockOutput {
  id: string;
  name: string;
  level: string;
  notes?: string | null;
  type: string;
}

describe.skipIf(skipReason !== undefined)("az lock through the proxy", () => {
  const rg = "lock-rg";
  const rgId = `/subscriptions/${SUB}/resourceGroups/${rg}`;
  const live = loggedInAz(az!, { group: rg });

  it("creates, lists, shows and deletes a resource group lock; az group delete is refused meanwhile", async () => {
    const created = await live.session.json<LockOutput>([
      "lock",
      "create",
      "-n",
      "rg-lock",
      "-g",
      rg,
      "--lock-type",
      "CanNotDelete",
      "--notes",
      "do not delete",
    ]);
    expect(created).toMatchObject({
      id: `${rgId}/providers/Microsoft.Authorization/locks/rg-lock`,
      name: "rg-lock",
      level: "CanNotDelete",
      notes: "do not delete",
      type: "Microsoft.Authorization/locks",
    });
    const listed = await live.session.json<LockOutput[]>(["lock", "list", "-g", rg]);
    expect(listed.map((l) => l.name)).toEqual(["rg-lock"]);
    expect(await live.session.json<LockOutput>(["lock", "show", "-n", "rg-lock", "-g", rg])).toMatchObject({ level: "CanNotDelete", notes: "do not delete" });

    const refused = await live.session.run(["group", "delete", "-n", rg, "--yes"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("ScopeLocked");
    expect(refused.stderr).toContain(`following scope(s) are locked: '${rgId}'`);
    expect(await live.session.json(["group", "exists", "-n", rg])).toBe(true);

    await live.session.json(["lock", "delete", "-n", "rg-lock", "-g", rg]);
    expect(await live.session.json<LockOutput[]>(["lock", "list", "-g", rg])).toEqual([]);
    const gone = await live.session.run(["lock", "show", "-n", "rg-lock", "-g", rg]);
    expect(gone.code).not.toBe(0);
  }, 300_000);

  it("locks a single resource with --resource-type/--resource, and refuses its group's delete", async () => {
    await live.session.json([
      "resource",
      "create",
      "-g",
      rg,
      "-n",
      "lockstore1",
      "--resource-type",
      "Microsoft.Storage/storageAccounts",
      "--properties",
      "{}",
      "-l",
      "westeurope",
    ]);
    const resourceArgs = ["-g", rg, "--resource-type", "Microsoft.Storage/storageAccounts", "--resource", "lockstore1"];
    const created = await live.session.json<LockOutput>(["lock", "create", "-n", "res-lock", "--lock-type", "ReadOnly", ...resourceArgs]);
    // The CLI sends `Microsoft.Storage//storageAccounts`; the id comes back normalized.
    expect(created.id).toBe(`${rgId}/providers/Microsoft.Storage/storageAccounts/lockstore1/providers/Microsoft.Authorization/locks/res-lock`);
    expect(created.level).toBe("ReadOnly");

    const onResource = await live.session.json<LockOutput[]>(["lock", "list", ...resourceArgs]);
    expect(onResource.map((l) => l.name)).toEqual(["res-lock"]);
    expect((await live.session.json<LockOutput[]>(["lock", "list", "-g", rg])).map((l) => l.name)).toEqual(["res-lock"]);
    expect(await live.session.json<LockOutput>(["lock", "show", "-n", "res-lock", ...resourceArgs])).toMatchObject({ level: "ReadOnly" });

    const refused = await live.session.run(["group", "delete", "-n", rg, "--yes"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("ScopeLocked");
    const tagged = await live.session.run([
      "resource",
      "tag",
      "--tags",
      "a=b",
      "-g",
      rg,
      "-n",
      "lockstore1",
      "--resource-type",
      "Microsoft.Storage/storageAccounts",
    ]);
    expect(tagged.code).not.toBe(0);
    expect(tagged.stderr).toContain("ScopeLocked");

    await live.session.json(["lock", "delete", "-n", "res-lock", ...resourceArgs]);
    expect(await live.session.json<LockOutput[]>(["lock", "list", "-g", rg])).toEqual([]);
    await live.session.json(["resource", "tag", "--tags", "a=b", "-g", rg, "-n", "lockstore1", "--resource-type", "Microsoft.Storage/storageAccounts"]);
  }, 300_000);

  it("locks the subscription: az lock list shows it, writes anywhere are refused until it is deleted", async () => {
    const created = await live.session.json<LockOutput>(["lock", "create", "-n", "sub-lock", "--lock-type", "ReadOnly"]);
    expect(created.id).toBe(`/subscriptions/${SUB}/providers/Microsoft.Authorization/locks/sub-lock`);
    expect((await live.session.json<LockOutput[]>(["lock", "list"])).map((l) => l.name)).toEqual(["sub-lock"]);
    expect(await live.session.json<LockOutput>(["lock", "show", "-n", "sub-lock"])).toMatchObject({ level: "ReadOnly" });

    const update = await live.session.run(["group", "update", "-n", rg, "--tags", "x=y"]);
    expect(update.code).not.toBe(0);
    expect(update.stderr).toContain("ScopeLocked");
    expect(update.stderr).toContain("cannot perform write operation");
    expect((await live.session.json<{ tags: Record<string, string> | null }>(["group", "show", "-n", rg])).tags ?? {}).not.toHaveProperty("x");

    await live.session.json(["lock", "delete", "-n", "sub-lock"]);
    expect(await live.session.json(["lock", "list"])).toEqual([]);
    expect((await live.session.json<{ tags: Record<string, string> }>(["group", "update", "-n", rg, "--tags", "x=y"])).tags).toEqual({ x: "y" });
  }, 300_000);

  it("refuses az identity delete under a CanNotDelete lock on its group, and allows it once the lock is gone", async () => {
    const identity = await live.session.run(["identity", "create", "-g", rg, "-n", "locked-mi"]);
    if (identity.code !== 0) throw new Error(`az identity create failed (the identity provider is needed here):\n${identity.stderr}`);
    await live.session.json(["lock", "create", "-n", "keep-mi", "-g", rg, "--lock-type", "CanNotDelete"]);

    const refused = await live.session.run(["identity", "delete", "-g", rg, "-n", "locked-mi"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("ScopeLocked");
    expect((await live.session.json<{ name: string }>(["identity", "show", "-g", rg, "-n", "locked-mi"])).name).toBe("locked-mi");

    await live.session.json(["lock", "delete", "-n", "keep-mi", "-g", rg]);
    await live.session.json(["identity", "delete", "-g", rg, "-n", "locked-mi"]);
    expect((await live.session.run(["identity", "show", "-g", rg, "-n", "locked-mi"])).code).toBe(3);

    await live.session.json(["group", "delete", "-n", rg, "--yes"]);
    expect(await live.session.json(["group", "exists", "-n", rg])).toBe(false);
  }, 300_000);
});
