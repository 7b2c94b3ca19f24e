/**
 * The same grant (principal + role + scope) PUT concurrently under different assignment names:
 * exactly one is created, every other answer is 409 RoleAssignmentExists, and one assignment
 * is stored — in memory and on SQLite.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";

const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const CONCURRENT = 25;

describe.each([
  ["in memory", false],
  ["on SQLite", true],
])("concurrent PUTs of one grant under different names (%s)", (_label, onDisk) => {
  let azmi: TestAzmi;
  let dir: string | undefined;

  afterAll(async () => {
    await azmi?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("creates one and answers 409 RoleAssignmentExists to the rest", async () => {
    dir = onDisk ? mkdtempSync(join(tmpdir(), "azmi-race-")) : undefined;
    azmi = await startTestAzmi(dir === undefined ? {} : { dataDir: dir });
    const sub = azmi.subscriptionId;
    const group = `/subscriptions/${sub}/resourceGroups/race`;
    expect((await azmi.request("PUT", `${group}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
    const identity = await azmi.request("PUT", `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/racer?api-version=2023-01-31`, {
      location: "westeurope",
    });
    expect(identity.status).toBe(201);
    const principalId: string = identity.json.properties.principalId;
    const body = { properties: { roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId } };

    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, () =>
        azmi.request("PUT", `${group}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`, body),
      ),
    );

    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(CONCURRENT - 1);
    for (const conflict of answers.filter((a) => a.status === 409)) expect(conflict.json.error.code).toBe("RoleAssignmentExists");

    const listed = await azmi.request(
      "GET",
      `${group}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${encodeURIComponent(`principalId eq '${principalId}'`)}`,
    );
    expect(listed.status).toBe(200);
    expect(listed.json.value).toHaveLength(1);
    expect(listed.json.value[0].name).toBe(answers.find((a) => a.status === 201)!.json.name);
  });
});
