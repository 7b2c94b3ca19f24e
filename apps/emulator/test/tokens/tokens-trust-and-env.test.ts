/**
 * `--trust-issuer`: assertions from an external issuer are checked against its JWKS file;
 * strict mode refuses issuers whose keys azmi does not know. And `azmi env`, which prints a
 * resource's managed-identity environment for `eval`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { createIdentities, ok, type IdentityFixture } from "../support/token-checks.js";
import { runEnvCommand } from "../../src/tokens/env-command.js";
import { parseStartArgs, UsageError } from "../../src/cli-args.js";

const github = "https://token.actions.githubusercontent.com";
const unknownIssuer = "https://oidc.example.org";
const subject = "repo:contoso/app:ref:refs/heads/main";
const dir = mkdtempSync(join(tmpdir(), "azmi-trust-"));
let key: Awaited<ReturnType<typeof generateKeyPair>>;

async function assertion(iss: string, signWith = key.privateKey, kid = "gh-1"): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256", kid })
    .setIssuer(iss)
    .setSubject(subject)
    .setAudience("api://AzureADTokenExchange")
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(signWith);
}

function exchange(azmi: TestAzmi, clientId: string, clientAssertion: string) {
  return fetch(`${azmi.url}/${azmi.tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      scope: "https://management.azure.com/.default",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: clientAssertion,
    }),
  });
}

async function federate(azmi: TestAzmi, ids: IdentityFixture, token?: string) {
  for (const [name, issuer] of [
    ["github-main", github],
    ["other-issuer", unknownIssuer],
  ] as const) {
    await ok(
      azmi,
      "PUT",
      `${ids.attached.id}/federatedIdentityCredentials/${name}?api-version=2023-01-31`,
      {
        properties: { issuer, subject, audiences: ["api://AzureADTokenExchange"] },
      },
      token,
    );
  }
}

beforeAll(async () => {
  key = await generateKeyPair("RS256");
  writeFileSync(join(dir, "gh.json"), JSON.stringify({ keys: [{ ...(await exportJWK(key.publicKey)), kid: "gh-1", alg: "RS256", use: "sig" }] }));
});

describe("--trust-issuer", () => {
  let azmi: TestAzmi;
  let ids: IdentityFixture;
  beforeAll(async () => {
    azmi = await startTestAzmi({ config: { trustIssuers: [`${github}=${join(dir, "gh.json")}`] } });
    ids = await createIdentities(azmi, "rg-trust");
    await federate(azmi, ids);
  });
  afterAll(() => azmi?.stop());

  it("accepts an assertion signed by the issuer's key and refuses one signed by another", async () => {
    const good = await exchange(azmi, ids.attached.clientId, await assertion(github));
    expect(good.status).toBe(200);
    const forged = await exchange(azmi, ids.attached.clientId, await assertion(github, (await generateKeyPair("RS256")).privateKey));
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error_codes: number[] }).error_codes).toEqual([700027]);
  });

  it("accepts an unknown issuer's assertion unchecked in permissive mode", async () => {
    expect((await exchange(azmi, ids.attached.clientId, await assertion(unknownIssuer))).status).toBe(200);
  });

  it("is parsed from the command line, and a malformed value stops the start", () => {
    expect(parseStartArgs(["--trust-issuer", `${github}=/tmp/gh.json`, "--in-memory"]).trustIssuers).toEqual([`${github}=/tmp/gh.json`]);
    expect(() => parseStartArgs(["--trust-issuer", "no-file-given", "--in-memory"])).toThrow(UsageError);
    expect(() => parseStartArgs(["--operator-client-id", "not-a-guid", "--in-memory"])).toThrow(UsageError);
  });

  it("refuses to start with a key file that is not a JWKS", async () => {
    writeFileSync(join(dir, "bad.json"), '{"nope": true}');
    await expect(startTestAzmi({ config: { trustIssuers: [`${github}=${join(dir, "bad.json")}`] } })).rejects.toThrow(/not a JWKS/);
  });
});

describe("strict mode and unknown issuers", () => {
  it("refuses an assertion from an issuer whose keys azmi does not know", async () => {
    const azmi = await startTestAzmi({ config: { authMode: "strict" } });
    try {
      const operator = (await azmi.credential.getToken("https://management.azure.com/.default"))!.token;
      const ids = await createIdentities(azmi, "rg-trust-strict", operator);
      await federate(azmi, ids, operator);
      const res = await exchange(azmi, ids.attached.clientId, await assertion(unknownIssuer));
      expect(res.status).toBe(401);
      const body = (await res.json()) as { error_codes: number[]; error_description: string };
      expect(body.error_codes).toEqual([700027]);
      expect(body.error_description).toContain("--trust-issuer");
    } finally {
      await azmi.stop();
    }
  });
});

describe("azmi env", () => {
  let azmi: TestAzmi;
  let vmId: string;
  beforeAll(async () => {
    azmi = await startTestAzmi();
    const ids = await createIdentities(azmi, "rg-env");
    vmId = `${ids.groupId}/providers/Microsoft.Compute/virtualMachines/vm-env`;
    await ok(azmi, "PUT", `${vmId}?api-version=2024-07-01`, { location: "westeurope", identity: { type: "SystemAssigned" } });
  });
  afterAll(() => azmi?.stop());

  async function run(args: string[]) {
    let out = "";
    let err = "";
    const code = await runEnvCommand(args, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  }

  it("prints export lines that a shell can eval, and json and dotenv", async () => {
    const exported = await run(["--resource", vmId, "--port", String(azmi.port)]);
    expect(exported.code).toBe(0);
    const lines = exported.out.trim().split("\n");
    expect(lines.map((l) => l.split("=")[0])).toEqual([
      "export IDENTITY_ENDPOINT",
      "export IDENTITY_HEADER",
      "export AZURE_POD_IDENTITY_AUTHORITY_HOST",
      "export MSI_ENDPOINT",
      "export MSI_SECRET",
    ]);
    expect(lines[0]).toBe(`export IDENTITY_ENDPOINT='http://127.0.0.1:${azmi.port}/_azmi/msi/token'`);

    const json = JSON.parse((await run(["--resource", vmId, "--port", String(azmi.port), "--format", "json"])).out) as Record<string, string>;
    const header = json.IDENTITY_HEADER!;
    const token = await fetch(`${json.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=api://x`, { headers: { "X-IDENTITY-HEADER": header } });
    expect(token.status).toBe(200);

    const dotenv = await run(["--resource", vmId, "--port", String(azmi.port), "--format", "dotenv"]);
    expect(dotenv.out).toContain(`IDENTITY_HEADER="${header}"\n`);
  });

  it("fails with a readable message for an unknown resource, bad usage, or no azmi", async () => {
    const missing = await run(["--resource", `${vmId}-nope`, "--port", String(azmi.port)]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("was not found");
    expect((await run(["--port", String(azmi.port)])).code).toBe(2);
    expect((await run(["--resource", vmId, "--format", "yaml"])).code).toBe(2);
  });
});
