// Throughput and latency over HTTP on loopback, each next to a bare node:http hello-world measured
// by the same load generator in the same run. azmi runs as `azmi start` in its own process.
import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { join, dirname } from "node:path";
import { measure, round } from "./lib/load.mjs";
import { runWorker, spawnServer, startAzmi } from "./lib/processes.mjs";
import { requireSqlite } from "./lib/workspace.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const SUB = "00000000-0000-0000-0000-000000000000";
const TENANT = "00000000-0000-0000-0000-000000000000";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const RG = `/subscriptions/${SUB}/resourceGroups/bench`;
const PUT_RG = `/subscriptions/${SUB}/resourceGroups/bench-put`;
const IDENTITY = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/bench-id`;
const MI = "api-version=2023-01-31";
const AUTHZ = "api-version=2022-04-01";
const JSON_HEADERS = { "content-type": "application/json" };
const BENCH_CLIENT = "22222222-2222-2222-2222-222222222222";
const tokenForm = (scope) => `grant_type=client_credentials&client_id=${BENCH_CLIENT}&client_secret=bench&scope=${encodeURIComponent(scope)}`;
const TOKEN_FORM = tokenForm("https://management.azure.com/.default");
const VAULT = "bench-kv";
const SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";

async function call(base, method, path, body) {
  const res = await fetch(base + path, { method, headers: JSON_HEADERS, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text === "" ? undefined : JSON.parse(text);
}

function assignmentBody(principalId = randomUUID()) {
  return {
    properties: {
      roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
      principalId,
      principalType: "ServicePrincipal",
    },
  };
}

/** Identities (each with its service principal), and role assignments at the identity's scope and above. */
async function seed(base, { identities }) {
  await call(base, "PUT", `${RG}?api-version=2021-04-01`, { location: "westeurope" });
  await call(base, "PUT", `${PUT_RG}?api-version=2021-04-01`, { location: "westeurope" });
  await call(base, "PUT", `${IDENTITY}?${MI}`, { location: "westeurope" });
  for (let i = 0; i < identities; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, identities - i) }, (_, k) =>
        call(base, "PUT", `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/bench-id-${i + k}?${MI}`, { location: "westeurope" }),
      ),
    );
  }
  for (let i = 0; i < 20; i++)
    await call(base, "PUT", `${IDENTITY}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?${AUTHZ}`, assignmentBody());
  for (let i = 0; i < 5; i++) await call(base, "PUT", `${RG}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?${AUTHZ}`, assignmentBody());
}

/**
 * An RBAC vault holding one secret, readable by the bench client through Key Vault Secrets User at
 * the vault, among assignments of other principals; answers the headers a GET of it is sent with
 * (azmi's own port, the vault's `.vault.localhost` host name, a vault-audience bearer token).
 */
async function seedVault(base, port) {
  const token = async (scope) => {
    const res = await fetch(`${base}/${TENANT}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: tokenForm(scope),
    });
    if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}`);
    return (await res.json()).access_token;
  };
  const vaultToken = await token("https://vault.azure.net/.default");
  const principalId = JSON.parse(Buffer.from(vaultToken.split(".")[1], "base64url").toString()).oid;
  const vault = `${RG}/providers/Microsoft.KeyVault/vaults/${VAULT}`;
  await call(base, "PUT", `${vault}?api-version=2023-07-01`, {
    location: "westeurope",
    properties: { tenantId: TENANT, sku: { family: "A", name: "standard" }, accessPolicies: [], enableRbacAuthorization: true },
  });
  for (let i = 0; i < 5; i++) await call(base, "PUT", `${vault}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?${AUTHZ}`, assignmentBody());
  const secretsUser = assignmentBody(principalId);
  secretsUser.properties.roleDefinitionId = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${SECRETS_USER}`;
  await call(base, "PUT", `${vault}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?${AUTHZ}`, secretsUser);
  const headers = { host: `${VAULT}.vault.localhost:${port}`, authorization: `Bearer ${vaultToken}` };
  // node:http, not fetch: fetch does not let a caller choose the Host header.
  const status = await new Promise((resolve, reject) => {
    const req = request(`${base}/secrets/bench?api-version=7.5`, { method: "PUT", headers: { ...headers, "content-type": "application/json" } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
    req.end(JSON.stringify({ value: "s3cret" }));
  });
  if (status !== 200) throw new Error(`setting the bench secret answered ${status}`);
  return headers;
}

function check(name, result) {
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${name}: ${result.non2xx} non-2xx answers and ${result.errors} errors out of ${result.requests}`);
  return result;
}

export async function measureHttp({ seconds, warmupSeconds, connections, identities }) {
  const opts = { seconds, warmupSeconds, connections, pid: undefined };
  const results = {};

  const hello = await spawnServer([join(here, "lib", "hello-server.mjs")]);
  try {
    results.helloWorld = check("hello", await measure({ ...opts, pid: hello.pid, url: `${hello.base}/` }));
  } finally {
    await hello.stop();
  }

  const azmi = await startAzmi();
  try {
    await seed(azmi.base, { identities });
    opts.pid = azmi.pid;
    results.armGet = check("armGet", await measure({ ...opts, url: `${azmi.base}${IDENTITY}?${MI}` }));
    results.roleList = check("roleList", await measure({ ...opts, url: `${azmi.base}${IDENTITY}/providers/Microsoft.Authorization/roleAssignments?${AUTHZ}` }));
    results.graphFilter = check(
      "graphFilter",
      await measure({ ...opts, url: `${azmi.base}/v1.0/servicePrincipals?$filter=${encodeURIComponent("startswith(displayName,'bench-id-1')")}` }),
    );
    const vaultHeaders = await seedVault(azmi.base, new URL(azmi.base).port);
    results.kvGetSecret = check("kvGetSecret", await measure({ ...opts, url: `${azmi.base}/secrets/bench?api-version=7.5`, headers: vaultHeaders }));
    results.rolePut = check(
      "rolePut",
      await measure({
        ...opts,
        url: `${azmi.base}/`,
        method: "PUT",
        headers: JSON_HEADERS,
        // A new assignment (new name, new principal) on every request: each answer is a 201.
        setupRequest: (req) => ({
          ...req,
          path: `${PUT_RG}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?${AUTHZ}`,
          body: JSON.stringify(assignmentBody()),
        }),
      }),
    );
  } finally {
    await azmi.stop();
  }
  results.seededIdentities = identities;

  // Tokens: azmi on a data dir, so that the baselines can sign with the very key azmi signs with.
  const tokenForm = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: TOKEN_FORM };
  let privateKeyPem;
  const tokenAzmi = await startAzmi({ dataDir: true });
  try {
    const url = `${tokenAzmi.base}/${TENANT}/oauth2/v2.0/token`;
    const first = await fetch(url, tokenForm);
    if (first.status !== 200) throw new Error(`token endpoint answered ${first.status}`);
    results.tokenEndpoint = check("token", await measure({ ...opts, ...tokenForm, pid: tokenAzmi.pid, url }));
    privateKeyPem = signingKeyPem(tokenAzmi.dataDir);
  } finally {
    await tokenAzmi.stop();
  }
  results.rawSigning = await runWorker(join(here, "workers", "raw-signing.mjs"), [String(seconds), String(connections), String(warmupSeconds)], {
    timeoutMs: (seconds + warmupSeconds) * 1000 + 30_000,
    env: { AZMI_BENCH_SIGNING_KEY: privateKeyPem },
  });
  const signingServer = await spawnServer([join(here, "lib", "signing-server.mjs")], { env: { AZMI_BENCH_SIGNING_KEY: privateKeyPem } });
  try {
    results.signingServer = check("signing server", await measure({ ...opts, ...tokenForm, pid: signingServer.pid, url: `${signingServer.base}/` }));
  } finally {
    await signingServer.stop();
  }
  return results;
}

/** The newest signing key azmi keeps in its state file. */
function signingKeyPem(dataDir) {
  const Database = requireSqlite();
  const db = new Database(join(dataDir, "state.db"), { readonly: true });
  try {
    const rows = db
      .prepare("SELECT value FROM docs WHERE collection = 'signing-keys'")
      .all()
      .map((r) => JSON.parse(r.value));
    rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    if (rows.length === 0) throw new Error("azmi stored no signing key");
    return rows[0].privateKeyPem;
  } finally {
    db.close();
  }
}

export { round };
