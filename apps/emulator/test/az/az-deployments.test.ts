/**
 * `az deployment` against azmi through the proxy, with Debian's az 2.45 (/usr/bin/az) and the
 * newest az (/opt/azmi-tools/az-latest/bin/az), each skipped loudly when missing: group create
 * (az sends the template file verbatim inside the body, an unquoted `template:` key, comments
 * and all), validate, what-if, show, list, operations, delete, and sub create.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_PATH, createAzSession, startAzmiProcess, type AzmiProcess, type AzSession } from "../support/az.js";

const templates = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "e2e", "templates");
const SUB = "00000000-0000-0000-0000-000000000000";

const CANDIDATES: Array<[string, string]> = [
  ["Debian az (2.45)", "/usr/bin/az"],
  ["newest az", "/opt/azmi-tools/az-latest/bin/az"],
];

function usable(path: string): string | undefined {
  if (!existsSync(path)) return `${path} is not installed`;
  const probe = spawnSync(path, ["--version"], { encoding: "utf8", timeout: 60_000, env: { ...process.env, AZURE_CORE_COLLECT_TELEMETRY: "false" } });
  if (probe.status !== 0 || !/azure-cli/.test(probe.stdout)) return `${path} does not run`;
  if (!existsSync(CLI_PATH)) return `azmi is not built (${CLI_PATH} missing): run \`npx tsc -b\` in apps/emulator`;
  return undefined;
}

for (const [label, path] of CANDIDATES) {
  const skipReason = usable(path);
  if (skipReason !== undefined) console.warn(`SKIPPED az deployment tests with ${label}: ${skipReason}`);

  describe.skipIf(skipReason !== undefined)(`az deployment with ${label}`, () => {
    let emulator: AzmiProcess;
    let session: AzSession;
    const rg = "deploy-rg";
    const scratch = mkdtempSync(join(tmpdir(), "azmi-az-templates-"));

    beforeAll(async () => {
      emulator = await startAzmiProcess();
      session = await createAzSession(path, emulator);
      await session.login();
      await session.json(["group", "create", "-n", rg, "-l", "westeurope"]);
    }, 180_000);
    afterAll(async () => {
      await session?.dispose();
      await emulator?.stop();
    });

    it("group create deploys the Bicep-compiled stack; show, list and operations report it", async () => {
      const created = await session.json([
        "deployment",
        "group",
        "create",
        "-g",
        rg,
        "-n",
        "stack",
        "--template-file",
        join(templates, "identity-stack.json"),
        "--parameters",
        "prefix=cli",
        "count=2",
      ]);
      expect(created.properties.provisioningState).toBe("Succeeded");
      expect(created.properties.outputs.principalIds.value).toHaveLength(2);
      const identity = await session.json(["identity", "show", "-g", rg, "-n", "cli-id-0"]);
      expect(created.properties.outputs.principalIds.value[0]).toBe(identity.principalId);
      // (Debian's az 2.45 cannot run `az role assignment list`: read the assignment with az rest.)
      const assignment = await session.json([
        "rest",
        "--method",
        "get",
        "--url",
        `https://management.azure.com${created.properties.outputs.assignmentId.value}?api-version=2022-04-01`,
      ]);
      expect(assignment.properties).toMatchObject({
        principalId: identity.principalId,
        roleDefinitionId: expect.stringMatching(/acdd72a7-3385-48ef-bd42-f606fba81ae7$/),
      });

      const shown = await session.json(["deployment", "group", "show", "-g", rg, "-n", "stack"]);
      expect(shown).toMatchObject({ name: "stack", properties: { provisioningState: "Succeeded", mode: "Incremental" } });
      const listed = await session.json<Array<{ name: string }>>(["deployment", "group", "list", "-g", rg]);
      expect(listed.map((d) => d.name)).toEqual(expect.arrayContaining(["stack", "extra-identity"]));
      const operations = await session.json<Array<{ properties: { provisioningState: string; targetResource?: { resourceName: string } } }>>([
        "deployment",
        "operation",
        "group",
        "list",
        "-g",
        rg,
        "-n",
        "stack",
      ]);
      expect(operations.map((o) => o.properties.targetResource?.resourceName)).toEqual(expect.arrayContaining(["cli-id-0", "cli-id-1", "do-not-delete"]));
    }, 240_000);

    it("a template file with comments is read as az sends it", async () => {
      const file = join(scratch, "commented.json");
      writeFileSync(
        file,
        `{
  // JSON templates may carry comments; az passes them through untouched.
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    /* one identity */
    {"type": "Microsoft.ManagedIdentity/userAssignedIdentities", "apiVersion": "2023-01-31", "name": "commented", "location": "[resourceGroup().location]"}
  ],
  "outputs": {"name": {"type": "string", "value": "[uniqueString(resourceGroup().id)]"}}
}`,
      );
      const created = await session.json(["deployment", "group", "create", "-g", rg, "-n", "commented", "--template-file", file]);
      expect(created.properties.outputs.name.value).toMatch(/^[a-z2-7]{13}$/);
    }, 120_000);

    it("validate says what is wrong, with the line", async () => {
      const ok = await session.json([
        "deployment",
        "group",
        "validate",
        "-g",
        rg,
        "--template-file",
        join(templates, "identity-stack.json"),
        "--parameters",
        "prefix=ok",
      ]);
      expect(ok.properties.provisioningState).toBe("Succeeded");
      const tooShort = await session.run([
        "deployment",
        "group",
        "validate",
        "-g",
        rg,
        "--template-file",
        join(templates, "identity-stack.json"),
        "--parameters",
        "prefix=x",
      ]);
      expect(tooShort.code).not.toBe(0);
      expect(tooShort.stderr).toContain("InvalidTemplate");
      expect(tooShort.stderr).toContain("Length of the value should be greater than or equal to '2'");

      const file = join(scratch, "bad-function.json");
      writeFileSync(
        file,
        `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
      "apiVersion": "2023-01-31",
      "name": "[notAFunction()]",
      "location": "westeurope"
    }
  ]
}`,
      );
      const bad = await session.run(["deployment", "group", "validate", "-g", rg, "--template-file", file]);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain("The template function 'notAFunction' is not valid");
      expect(bad.stderr).toContain("at line '5' and column '5'");
    }, 120_000);

    it("what-if lists the changes without making them", async () => {
      const result = await session.json([
        "deployment",
        "group",
        "what-if",
        "-g",
        rg,
        "--template-file",
        join(templates, "identity-stack.json"),
        "--parameters",
        "prefix=cli",
        "count=3",
        "--no-pretty-print",
      ]);
      const byName = new Map<string, { changeType: string }>(
        result.changes.map((c: { resourceId: string; changeType: string }) => [c.resourceId.split("/").pop()!, c]),
      );
      expect(byName.get("cli-id-2")?.changeType).toBe("Create");
      expect(byName.get("cli-id-0")?.changeType).toBe("NoChange");
      expect(byName.get("commented")?.changeType).toBe("Ignore");
      // The default, human output: az formats the changes and their property deltas.
      const pretty = await session.run([
        "deployment",
        "group",
        "what-if",
        "-g",
        rg,
        "--template-file",
        join(templates, "identity-stack.json"),
        "--parameters",
        "prefix=cli",
        "count=3",
        "githubRepo=contoso/other",
      ]);
      expect(pretty.code, pretty.stderr).toBe(0);
      expect(pretty.stdout).toContain("Resource and property changes are indicated with these symbols");
      expect(pretty.stdout).toMatch(/\+ Microsoft\.ManagedIdentity\/userAssignedIdentities\/cli-id-2/);
      expect(pretty.stdout).toContain('"repo:contoso/other:ref:refs/heads/main"');
      const absent = await session.run(["identity", "show", "-g", rg, "-n", "cli-id-2"]);
      expect(absent.code).not.toBe(0);
    }, 120_000);

    it("delete removes the deployment from the history", async () => {
      await session.json(["deployment", "group", "delete", "-g", rg, "-n", "commented"]);
      const missing = await session.run(["deployment", "group", "show", "-g", rg, "-n", "commented"]);
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain("DeploymentNotFound");
    }, 120_000);

    it("sub create deploys a group, a module into it and a role assignment at the subscription", async () => {
      const created = await session.json([
        "deployment",
        "sub",
        "create",
        "-l",
        "westeurope",
        "-n",
        "sub-stack",
        "--template-file",
        join(templates, "subscription-stack.json"),
        "--parameters",
        "groupName=cli-sub-rg",
      ]);
      expect(created.properties.provisioningState).toBe("Succeeded");
      expect(created.properties.outputs.groupId.value).toBe(`/subscriptions/${SUB}/resourceGroups/cli-sub-rg`);
      expect(await session.json(["group", "exists", "-n", "cli-sub-rg"])).toBe(true);
      const identity = await session.json(["identity", "show", "-g", "cli-sub-rg", "-n", "sub-id"]);
      expect(identity.principalId).toBe(created.properties.outputs.principalId.value);
    }, 240_000);
  });
}
