/**
 * The real az CLI's Graph commands against azmi through the forward proxy: `az ad sp list`
 * (--display-name, --filter, --spn), `az ad sp show --id`, and create-for-rbac, on the
 * service principal a user-assigned identity gets. Skipped, loudly, when az is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAzSession, findAz, skipReasonForAz, startAzmiProcess, type AzmiProcess, type AzSession } from "../support/az.js";

const az = findAz();
const skipReason = skipReasonForAz(az);
if (skipReason !== undefined) console.warn(`SKIPPED az Graph tests: ${skipReason}`);

interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: string;
  servicePrincipalNames: string[];
}

describe.skipIf(skipReason !== undefined)("az ad sp against azmi's Graph", () => {
  let emulator: AzmiProcess;
  let session: AzSession;
  let identity: { clientId: string; principalId: string };

  beforeAll(async () => {
    emulator = await startAzmiProcess();
    session = await createAzSession(az!, emulator);
    await session.login();
    await session.json(["group", "create", "-n", "graph-rg", "-l", "westeurope"]);
    identity = await session.json(["identity", "create", "-g", "graph-rg", "-n", "mi-graph"]);
  }, 240_000);
  afterAll(async () => {
    await session?.dispose();
    await emulator?.stop();
  });

  it("lists the identity's service principal by display-name prefix (startswith filter)", async () => {
    const found = await session.json<ServicePrincipal[]>(["ad", "sp", "list", "--display-name", "MI-gr"]);
    expect(found).toEqual([
      expect.objectContaining({ id: identity.principalId, appId: identity.clientId, displayName: "mi-graph", servicePrincipalType: "ManagedIdentity" }),
    ]);
    expect(found[0]!.servicePrincipalNames).toContain(identity.clientId);
    expect(await session.json(["ad", "sp", "list", "--display-name", "nothing-like-it"])).toEqual([]);
  }, 120_000);

  it("passes --filter through verbatim, and --spn as a servicePrincipalNames lambda", async () => {
    const byType = await session.json<string[]>(["ad", "sp", "list", "--filter", "servicePrincipalType eq 'ManagedIdentity'", "--query", "[].id"]);
    expect(byType).toEqual([identity.principalId]);
    const byAppId = await session.json<string[]>(["ad", "sp", "list", "--filter", `appId eq '${identity.clientId}'`, "--query", "[].id"]);
    expect(byAppId).toEqual([identity.principalId]);
    const bySpn = await session.json<string[]>(["ad", "sp", "list", "--spn", identity.clientId.toUpperCase(), "--query", "[].id"]);
    expect(bySpn).toEqual([identity.principalId]);
  }, 120_000);

  it("shows the principal by clientId and by object id, and exits 3 for an unknown one", async () => {
    expect(await session.json(["ad", "sp", "show", "--id", identity.clientId, "--query", "id"])).toBe(identity.principalId);
    expect(await session.json(["ad", "sp", "show", "--id", identity.principalId, "--query", "appId"])).toBe(identity.clientId);
    const missing = await session.run(["ad", "sp", "show", "--id", "00000000-0000-0000-0000-0000000000ff"]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("does not exist");
  }, 120_000);

  it("shows Graph's filter error instead of crashing on a malformed --filter", async () => {
    const bad = await session.run(["ad", "sp", "list", "--filter", "displayName eq"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("Invalid filter clause: Expression expected at position 14");
  }, 120_000);

  it("creates an application, its secret and its service principal with create-for-rbac", async () => {
    const created = await session.json<{ appId: string; password: string; displayName: string }>([
      "ad",
      "sp",
      "create-for-rbac",
      "-n",
      "graph-rbac",
      "--skip-assignment",
    ]);
    expect(created.displayName).toBe("graph-rbac");
    expect(created.password).toHaveLength(40);
    const sp = await session.json<ServicePrincipal>(["ad", "sp", "show", "--id", created.appId]);
    expect(sp).toMatchObject({ appId: created.appId, displayName: "graph-rbac", servicePrincipalType: "Application" });
  }, 120_000);
});
