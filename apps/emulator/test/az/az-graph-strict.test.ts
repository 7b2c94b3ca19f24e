/**
 * The real az CLI's application commands in strict mode. As the operator (Global Administrator)
 * everything az does through Graph and ARM works: create-for-rbac with a role, a credential
 * reset, the owner list. As the application it created — Contributor on the subscription but
 * without any Graph permission — az is refused by Graph when it tries to reset another
 * application's credential, as on Azure. Skipped, loudly, when az is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_OPERATOR_CLIENT_ID, DEFAULT_OPERATOR_CLIENT_SECRET } from "../../src/tokens/operator.js";
import { createAzSession, DEFAULT_TENANT, findAz, skipReasonForAz, startAzmiProcess, type AzmiProcess, type AzSession } from "../support/az.js";

// Debian's az 2.45 fails inside its own role-assignment code (`'RoleAssignmentsOperations' object
// has no attribute 'config'`) on `create-for-rbac --role`: this suite needs the newest az.
const az = findAz("newest");
const skipReason = skipReasonForAz(az);
if (skipReason !== undefined) console.warn(`SKIPPED az strict Graph tests: ${skipReason}`);

const SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000";

describe.skipIf(skipReason !== undefined)("az ad app and sp in strict mode", () => {
  let emulator: AzmiProcess;
  let operator: AzSession;
  let created: { appId: string; password: string };
  let other: { appId: string };

  beforeAll(async () => {
    emulator = await startAzmiProcess(["--auth", "strict"]);
    operator = await createAzSession(az!, emulator);
    await operator.json(["login", "--service-principal", "-u", DEFAULT_OPERATOR_CLIENT_ID, "-p", DEFAULT_OPERATOR_CLIENT_SECRET, "--tenant", DEFAULT_TENANT]);
  }, 240_000);
  afterAll(async () => {
    await operator?.dispose();
    await emulator?.stop();
  });

  it("lets the operator create an application with a role, reset its credential and list its owners", async () => {
    created = await operator.json(["ad", "sp", "create-for-rbac", "-n", "strict-ci", "--role", "Contributor", "--scopes", SUBSCRIPTION]);
    expect(created.password).toHaveLength(40);
    const reset = await operator.json<{ appId: string; password: string }>(["ad", "app", "credential", "reset", "--id", created.appId]);
    expect(reset.password).toHaveLength(40);
    created = { appId: created.appId, password: reset.password };
    const owners = await operator.json<Array<{ appId?: string }>>(["ad", "app", "owner", "list", "--id", created.appId]);
    expect(owners.map((o) => o.appId)).toEqual([DEFAULT_OPERATOR_CLIENT_ID]);
    other = await operator.json(["ad", "app", "create", "--display-name", "strict-other"]);
  }, 240_000);

  it("refuses the created application, which holds no Graph permission, a credential on another application", async () => {
    const app = await createAzSession(az!, emulator);
    try {
      await app.json(["login", "--service-principal", "-u", created.appId, "-p", created.password, "--tenant", DEFAULT_TENANT]);
      // ARM lets it do what Contributor allows...
      await app.json(["group", "create", "-n", "strict-ci-rg", "-l", "westeurope"]);
      // ...but Graph refuses what no permission of it allows.
      const reset = await app.run(["ad", "app", "credential", "reset", "--id", other.appId]);
      expect(reset.code).not.toBe(0);
      expect(reset.stderr).toContain("Insufficient privileges to complete the operation.");
      expect((await operator.json<Array<unknown>>(["ad", "app", "credential", "list", "--id", other.appId])).length).toBe(0);
    } finally {
      await app.dispose();
    }
  }, 240_000);
});
