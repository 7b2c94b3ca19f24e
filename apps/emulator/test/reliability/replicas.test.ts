/**
 * Several azmi processes on one PostgreSQL database behave, to a client, like one azmi: a write
 * acknowledged by one is read by the next request to another, a token minted by one is accepted by
 * another in strict mode, the database (not a process) settles duplicate grants, a replica killed
 * mid-write loses nothing it acknowledged, and a database that goes away gives 503s with
 * Retry-After until it is back. Runs against a throw-away PostgreSQL server
 * (scripts/local-postgres.mjs); without PostgreSQL it says `skipped: <reason>`.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The built test kit: it starts dist/cli.js as a child process.
import { startAzmi, startBalancer, type RunningTestAzmi } from "../../dist/testing/index.js";
import { createDatabase, startLocalPostgres, type LocalPostgres } from "../../../../scripts/local-postgres.mjs";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const SUB = "00000000-0000-0000-0000-000000000000";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const IDENTITY_API = "api-version=2023-01-31";

let postgres: LocalPostgres | undefined;
let skipped: string | undefined;
const started: RunningTestAzmi[] = [];
let databases = 0;

beforeAll(async () => {
  const server = await startLocalPostgres({ own: true });
  if ("skipped" in server) {
    skipped = server.skipped;
    console.error(`\n*** skipped: azmi replicas on PostgreSQL: ${skipped} ***\n`);
  } else postgres = server;
}, 120_000);

afterAll(async () => {
  await Promise.all(started.map((a) => a.stop()));
  postgres?.stop();
}, 60_000);

/** Two (or more) replicas on a fresh database. */
async function replicas(count: number, args: readonly string[] = []): Promise<RunningTestAzmi[]> {
  const store = createDatabase(postgres!.url, `replicas_${process.pid}_${databases++}`);
  const out = await Promise.all(Array.from({ length: count }, () => startAzmi({ store, args })));
  started.push(...out);
  return out;
}

async function call(azmi: { proxyUrl: string }, method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const send = () => fetch(`${azmi.proxyUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  // A kept-alive connection that azmi closed as idle while the test was stopping the database
  // (pg_ctl can take longer than the keep-alive timeout) fails at once: send again, as clients do.
  const response = await send().catch(() => send());
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === "" ? undefined : JSON.parse(text) };
}

const group = (name: string) => `/subscriptions/${SUB}/resourceGroups/${name}`;
const identity = (rg: string, name: string) => `${group(rg)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;

describe("azmi replicas on one PostgreSQL database", () => {
  it("reads on one replica what another acknowledged, and serves one CA from all", async (ctx) => {
    if (skipped !== undefined) return ctx.skip();
    const [a, b] = await replicas(2);
    expect(b!.caPem).toBe(a!.caPem);
    expect((await call(a!, "PUT", `${group("shared")}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
    const made = await call(a!, "PUT", `${identity("shared", "one")}?${IDENTITY_API}`, { location: "westeurope" });
    expect(made.status).toBe(201);
    const read = await call(b!, "GET", `${identity("shared", "one")}?${IDENTITY_API}`);
    expect(read.status).toBe(200);
    expect(read.json.properties.principalId).toBe(made.json.properties.principalId);
    // Its service principal, in b's Graph.
    const principal = await call(b!, "GET", `/v1.0/servicePrincipals/${made.json.properties.principalId}`);
    expect(principal.status).toBe(200);
    expect(principal.json.appId).toBe(made.json.properties.clientId);
    // A delete on b is seen by a's next request.
    expect((await call(b!, "DELETE", `${identity("shared", "one")}?${IDENTITY_API}`)).status).toBe(200);
    expect((await call(a!, "GET", `${identity("shared", "one")}?${IDENTITY_API}`)).status).toBe(404);
    expect((await call(a!, "GET", `/v1.0/servicePrincipals/${made.json.properties.principalId}`)).status).toBe(404);
  });

  it("polls on one replica a deployment started on another", async (ctx) => {
    if (skipped !== undefined) return ctx.skip();
    const [a, b] = await replicas(2);
    expect((await call(a!, "PUT", `${group("deploy")}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
    const template = {
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      resources: [{ type: "Microsoft.ManagedIdentity/userAssignedIdentities", apiVersion: "2023-01-31", name: "deployed", location: "westeurope" }],
    };
    const put = await call(a!, "PUT", `${group("deploy")}/providers/Microsoft.Resources/deployments/d1?api-version=2021-04-01`, {
      properties: { mode: "Incremental", template },
    });
    expect(put.status).toBe(201);
    const status = new URL(put.headers.get("azure-asyncoperation")!);
    let state: string | undefined;
    for (let i = 0; i < 50 && state !== "Succeeded" && state !== "Failed"; i++) {
      const poll = await call(b!, "GET", `${status.pathname}${status.search}`);
      expect(poll.status).toBe(200);
      state = poll.json.status;
      if (state !== "Succeeded") await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(state).toBe("Succeeded");
    expect((await call(b!, "GET", `${identity("deploy", "deployed")}?${IDENTITY_API}`)).status).toBe(200);
  });

  it("accepts in strict mode on one replica a token another minted", async (ctx) => {
    if (skipped !== undefined) return ctx.skip();
    const [a, b] = await replicas(2, ["--auth", "strict"]);
    const token = await a!.token();
    const listed = await call(b!, "GET", `/subscriptions?api-version=2022-12-01`, undefined, token);
    expect(listed.status).toBe(200);
    expect(listed.json.value.map((s: { subscriptionId: string }) => s.subscriptionId)).toContain(SUB);
    // Strict indeed: a token b cannot verify is refused.
    const forged = `${token.slice(0, token.lastIndexOf(".") + 1)}${Buffer.from("not the signature").toString("base64url")}`;
    expect((await call(b!, "GET", `/subscriptions?api-version=2022-12-01`, undefined, forged)).status).toBe(401);
  });

  it("creates a grant PUT under two names on two replicas at once exactly once: the database decides", async (ctx) => {
    if (skipped !== undefined) return ctx.skip();
    const [a, b] = await replicas(2);
    expect((await call(a!, "PUT", `${group("race")}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
    for (let round = 0; round < 5; round++) {
      const principalId = randomUUID();
      const body = {
        properties: {
          roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
          principalId,
          principalType: "ServicePrincipal",
        },
      };
      const path = () => `${group("race")}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`;
      const answers = await Promise.all([call(a!, "PUT", path(), body), call(b!, "PUT", path(), body)]);
      expect(answers.map((x) => x.status).sort()).toEqual([201, 409]);
      expect(answers.find((x) => x.status === 409)!.json.error.code).toBe("RoleAssignmentExists");
      const filter = encodeURIComponent(`principalId eq '${principalId}'`);
      for (const replica of [a!, b!]) {
        const listed = await call(
          replica,
          "GET",
          `${group("race")}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${filter}`,
        );
        expect(listed.json.value).toHaveLength(1);
      }
    }
  });

  it("loses no acknowledged write when a replica is killed -9 during 300 concurrent writes, and the other keeps serving", async (ctx) => {
    if (skipped !== undefined) return ctx.skip();
    const [a, b] = await replicas(2);
    expect((await call(a!, "PUT", `${group("kill")}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
    let acknowledgedByA = 0;
    const writes = Array.from({ length: 300 }, async (_, i) => {
      const target = i % 2 === 0 ? a! : b!;
      try {
        const answer = await call(target, "PUT", `${identity("kill", `id-${i}`)}?${IDENTITY_API}`, { location: "westeurope", tags: { i: String(i) } });
        if (target === a && answer.status === 201 && ++acknowledgedByA === 20) process.kill(a!.pid, "SIGKILL");
        return { i, target, status: answer.status };
      } catch {
        return { i, target, status: 0 };
      }
    });
    const results = await Promise.all(writes);
    const acknowledged = results.filter((r) => r.status === 201);
    // b answered every write it was sent; a answered some before it died.
    expect(results.filter((r) => r.target === b).every((r) => r.status === 201)).toBe(true);
    expect(acknowledged.filter((r) => r.target === a).length).toBeGreaterThanOrEqual(20);
    // Every acknowledged write is there, read through the survivor.
    const listed = await call(b!, "GET", `${group("kill")}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?${IDENTITY_API}`);
    const names = new Set(listed.json.value.map((x: { name: string }) => x.name));
    for (const r of acknowledged) expect(names.has(`id-${r.i}`)).toBe(true);
    expect((await call(b!, "PUT", `${identity("kill", "after")}?${IDENTITY_API}`, { location: "westeurope" })).status).toBe(201);
  }, 120_000);

  it("balances one port over the replicas, and keeps serving through the one left when the other stops", async (ctx) => {
    if (skipped !== undefined) return ctx.skip();
    const [a, b] = await replicas(2);
    const lb = await startBalancer([a!.port, b!.port]);
    try {
      expect((await call(lb, "PUT", `${group("lb")}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
      for (let i = 0; i < 6; i++) expect((await call(lb, "PUT", `${identity("lb", `lb-${i}`)}?${IDENTITY_API}`, { location: "westeurope" })).status).toBe(201);
      await a!.stop();
      const listed = await call(lb, "GET", `${group("lb")}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?${IDENTITY_API}`);
      expect(listed.json.value).toHaveLength(6);
    } finally {
      await lb.stop();
    }
  });

  it("answers 503 with Retry-After while the database is down, and recovers by itself when it is back", async (ctx) => {
    if (skipped !== undefined) return ctx.skip();
    const [a] = await replicas(1);
    expect((await call(a!, "PUT", `${group("outage")}?api-version=2021-04-01`, { location: "westeurope" })).status).toBe(201);
    postgres!.pause();
    try {
      const arm = await call(a!, "PUT", `${identity("outage", "x")}?${IDENTITY_API}`, { location: "westeurope" }).catch((e) => {
        throw new Error(`${String(e)}\n${a!.output()}`);
      });
      expect(arm.status).toBe(503);
      expect(arm.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(arm.json.error.code).toBe("ServiceUnavailable");
      const graph = await call(a!, "GET", `/v1.0/servicePrincipals`);
      expect(graph.status).toBe(503);
      expect(graph.json.error.code).toBe("serviceNotAvailable");
      expect(graph.headers.get("retry-after")).toMatch(/^\d+$/);
    } finally {
      postgres!.resume();
    }
    let status = 0;
    for (let i = 0; i < 300 && status !== 200; i++) {
      status = (await call(a!, "GET", `${group("outage")}?api-version=2021-04-01`)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    // The refused write changed nothing.
    expect((await call(a!, "GET", `${identity("outage", "x")}?${IDENTITY_API}`)).status).toBe(404);
  }, 120_000);

  it("waits at start-up for a database that is not there yet, saying so", async (ctx) => {
    if (skipped !== undefined) return ctx.skip();
    const store = createDatabase(postgres!.url, `replicas_${process.pid}_${databases++}`);
    postgres!.pause();
    const child = spawn(process.execPath, [CLI, "start", "--store", store, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    try {
      // The database comes back only once azmi has said it is waiting for it.
      await new Promise<void>((resolve, reject) => {
        child.stderr!.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (/waiting for PostgreSQL \(attempt 1\)/.test(output)) resolve();
        });
        child.once("exit", (code) => reject(new Error(`azmi exited (${code}) while waiting: ${output}`)));
      });
      postgres!.resume();
      const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const ready = /azmi ready at https:\/\/127\.0\.0\.1:(\d+)/.exec(out);
          if (ready !== null) resolve(Number(ready[1]));
        });
        child.once("exit", (code) => reject(new Error(`azmi exited (${code}) before it was ready: ${output}`)));
      });
      expect((await call({ proxyUrl: `http://127.0.0.1:${port}` }, "GET", `/subscriptions?api-version=2022-12-01`)).status).toBe(200);
    } finally {
      postgres!.resume();
      child.kill("SIGKILL");
    }
  }, 120_000);
});
