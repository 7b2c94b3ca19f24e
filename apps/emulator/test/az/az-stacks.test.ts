/**
 * `az stack group|sub` and `az role deny-assignment` (newest az) against azmi, in permissive and
 * strict mode: a stack with `--deny-settings-mode denyDelete` deploys a user-assigned identity,
 * and the operator — Owner, or anyone in permissive mode — is refused `az identity delete` with
 * DenyAssignmentAuthorizationFailed; the deny assignment is listed; once the stack is deleted
 * (deleteAll deletes the identity, detachAll leaves it deletable) the protection is gone.
 * Skipped, loudly, when az is not installed.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_OPERATOR_CLIENT_ID, DEFAULT_OPERATOR_CLIENT_SECRET } from "../../src/tokens/operator.js";
import { createAzSession, DEFAULT_TENANT, findAz, skipReasonForAz, startAzmiProcess, type AzmiProcess, type AzSession } from "../support/az.js";

// `az stack` and `az role deny-assignment` are not in Debian's az 2.45.
const az = findAz("newest");
const skipReason = skipReasonForAz(az);
if (skipReason !== undefined) console.warn(`SKIPPED az stack tests: ${skipReason}`);

const SUB = "00000000-0000-0000-0000-000000000000";

const identityTemplate = {
  $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  contentVersion: "1.0.0.0",
  resources: [{ type: "Microsoft.ManagedIdentity/userAssignedIdentities", apiVersion: "2023-01-31", name: "stack-id", location: "[resourceGroup().location]" }],
};

const groupTemplate = {
  $schema: "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
  contentVersion: "1.0.0.0",
  resources: [{ type: "Microsoft.Resources/resourceGroups", apiVersion: "2021-04-01", name: "rg-sub-stack", location: "westeurope" }],
};

describe.skipIf(skipReason !== undefined).each([
  { mode: "permissive", unmanage: "deleteAll" },
  { mode: "strict", unmanage: "detachAll" },
] as const)("az stack in $mode mode", ({ mode, unmanage }) => {
  let emulator: AzmiProcess;
  let session: AzSession;
  let dir: string;
  const rg = "rg-stack";
  const identityId = `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/stack-id`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "azmi-stack-"));
    writeFileSync(join(dir, "identity.json"), JSON.stringify(identityTemplate));
    writeFileSync(join(dir, "group.json"), JSON.stringify(groupTemplate));
    emulator = await startAzmiProcess(["--auth", mode]);
    session = await createAzSession(az!, emulator);
    await session.json(["login", "--service-principal", "-u", DEFAULT_OPERATOR_CLIENT_ID, "-p", DEFAULT_OPERATOR_CLIENT_SECRET, "--tenant", DEFAULT_TENANT]);
    await session.json(["group", "create", "-n", rg, "-l", "westeurope"]);
  }, 240_000);
  afterAll(async () => {
    await session?.dispose();
    await emulator?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("a denyDelete stack protects its identity from the operator until the stack is deleted", async () => {
    const stack = await session.json([
      "stack",
      "group",
      "create",
      "-n",
      "st1",
      "-g",
      rg,
      "--template-file",
      join(dir, "identity.json"),
      "--deny-settings-mode",
      "denyDelete",
      "--action-on-unmanage",
      "deleteAll",
      "--yes",
    ]);
    expect(stack).toMatchObject({ name: "st1", provisioningState: "succeeded", denySettings: { mode: "denyDelete" } });
    expect(stack.resources.map((r: { id: string }) => r.id.toLowerCase())).toEqual([identityId.toLowerCase()]);
    expect(await session.json(["stack", "group", "show", "-n", "st1", "-g", rg])).toMatchObject({ id: stack.id, provisioningState: "succeeded" });
    expect((await session.json<Array<{ name: string }>>(["stack", "group", "list", "-g", rg])).map((s) => s.name)).toEqual(["st1"]);
    const exported = await session.json(["stack", "group", "export", "-n", "st1", "-g", rg]);
    expect(exported.template.resources[0].name).toBe("stack-id");

    const refused = await session.run(["identity", "delete", "-n", "stack-id", "-g", rg]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("DenyAssignmentAuthorizationFailed");
    expect(refused.stderr).toContain(`created by Deployment Stack '${stack.id}'`);

    const denies = await session.json<Array<{ scope: string; denyAssignmentName: string; permissions: Array<{ actions: string[] }> }>>([
      "role",
      "deny-assignment",
      "list",
      "--scope",
      identityId,
    ]);
    expect(denies).toHaveLength(1);
    expect(denies[0]).toMatchObject({ scope: identityId, permissions: [{ actions: ["*/delete"] }] });

    await session
      .run(["stack", "group", "delete", "-n", "st1", "-g", rg, "--action-on-unmanage", unmanage, "--yes"])
      .then((r) => expect(r.code, r.stderr).toBe(0));
    const gone = await session.run(["stack", "group", "show", "-n", "st1", "-g", rg]);
    expect(gone.stderr).toContain("DeploymentStackNotFound");
    // Listed at the group: with deleteAll the identity, and so its own scope, is gone.
    expect(await session.json(["role", "deny-assignment", "list", "--scope", `/subscriptions/${SUB}/resourceGroups/${rg}`])).toEqual([]);
    if (unmanage === "detachAll") {
      // Detached: the identity stays, and nothing protects it any more.
      expect((await session.json(["identity", "show", "-n", "stack-id", "-g", rg])).name).toBe("stack-id");
      const deleted = await session.run(["identity", "delete", "-n", "stack-id", "-g", rg]);
      expect(deleted.code, deleted.stderr).toBe(0);
    }
    expect((await session.run(["identity", "show", "-n", "stack-id", "-g", rg])).code).not.toBe(0);
  }, 300_000);

  it("az stack sub creates, shows, lists and deletes a subscription stack and the group it manages", async () => {
    const stack = await session.json([
      "stack",
      "sub",
      "create",
      "-n",
      "subst",
      "-l",
      "westeurope",
      "--template-file",
      join(dir, "group.json"),
      "--deny-settings-mode",
      "none",
      "--action-on-unmanage",
      "deleteAll",
      "--yes",
    ]);
    expect(stack).toMatchObject({ name: "subst", location: "westeurope", provisioningState: "succeeded" });
    expect(await session.json(["group", "exists", "-n", "rg-sub-stack"])).toBe(true);
    expect(await session.json(["stack", "sub", "show", "-n", "subst"])).toMatchObject({ id: stack.id });
    expect((await session.json<Array<{ name: string }>>(["stack", "sub", "list"])).map((s) => s.name)).toEqual(["subst"]);
    const removed = await session.run(["stack", "sub", "delete", "-n", "subst", "--action-on-unmanage", "deleteAll", "--yes"]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(await session.json(["group", "exists", "-n", "rg-sub-stack"])).toBe(false);
  }, 300_000);
});
