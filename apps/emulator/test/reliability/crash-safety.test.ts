/**
 * Crash safety: azmi is killed with SIGKILL while 200 writes are in flight, then started again
 * on the same data dir. Every write it answered with a 2xx must be there, and nothing may be
 * half-written: each identity has its service principal and each managed-identity principal
 * its identity (they commit in one transaction).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send, startChildAzmi, type ChildAzmi } from "./child-azmi.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const RG = `/subscriptions/${SUB}/resourceGroups/crash`;
const IDENTITIES = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`;
const MI = "api-version=2023-01-31";
const AUTHZ = "api-version=2022-04-01";

interface Write {
  readonly kind: "identity" | "assignment";
  readonly path: string;
  readonly body: string;
  answered?: number;
  answer?: any;
}

function writes(): Write[] {
  return Array.from({ length: 200 }, (_, i) =>
    i % 5 === 4
      ? {
          kind: "assignment" as const,
          path: `${RG}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?${AUTHZ}`,
          body: JSON.stringify({
            properties: {
              roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
              principalId: randomUUID(),
              principalType: "ServicePrincipal",
            },
          }),
        }
      : { kind: "identity" as const, path: `${IDENTITIES}/crash-${i}?${MI}`, body: JSON.stringify({ location: "westeurope", tags: { n: String(i) } }) },
  );
}

async function allPages(port: number, path: string): Promise<any[]> {
  const out: any[] = [];
  let next: string | undefined = path;
  while (next !== undefined) {
    const page = await send(port, "GET", next);
    expect(page.status, page.text).toBe(200);
    out.push(...page.json.value);
    const link: string | undefined = page.json.nextLink ?? page.json["@odata.nextLink"];
    next = link === undefined || link === null ? undefined : link.replace(/^https?:\/\/[^/]+/, "");
  }
  return out;
}

describe("kill -9 during concurrent writes", () => {
  let dataDir: string;
  let azmi: ChildAzmi | undefined;

  beforeAll(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), "azmi-crash-")), "data");
  });
  afterAll(async () => {
    await azmi?.stop();
    rmSync(join(dataDir, ".."), { recursive: true, force: true });
  });

  it("keeps every acknowledged write and nothing half-written", { timeout: 240_000 }, async () => {
    azmi = await startChildAzmi(["--data-dir", dataDir]);
    const first = azmi;
    expect((await send(first.port, "PUT", `${RG}?api-version=2021-04-01`, { body: '{"location":"westeurope"}' })).status).toBe(201);

    const all = writes();
    const agent = new Agent({ keepAlive: true, maxSockets: 200 });
    let answered = 0;
    let killedAfter = -1;
    const killAt = 40 + Math.floor(Math.random() * 80);
    const inFlight = all.map((w) =>
      send(first.port, "PUT", w.path, { body: w.body, agent }).then(
        (res) => {
          w.answered = res.status;
          w.answer = res.json;
          answered++;
          // Kill it mid-stream: some writes answered, others still being read or committed.
          if (answered === killAt) {
            killedAfter = answered;
            first.child.kill("SIGKILL");
          }
        },
        () => undefined,
      ),
    );
    await Promise.all(inFlight);
    agent.destroy();
    const exit = await first.exited;
    expect(killedAfter, "the kill happened while writes were in flight").toBeGreaterThan(0);
    expect(exit.signal).toBe("SIGKILL");
    const acknowledged = all.filter((w) => w.answered !== undefined && w.answered >= 200 && w.answered < 300);
    expect(acknowledged.length).toBeGreaterThanOrEqual(killedAfter - all.filter((w) => (w.answered ?? 0) >= 300).length);
    expect(all.filter((w) => (w.answered ?? 0) >= 500)).toEqual([]);

    azmi = await startChildAzmi(["--data-dir", dataDir]);
    const second = azmi;

    // Every acknowledged write is there, as it was answered.
    for (const w of acknowledged) {
      const got = await send(second.port, "GET", w.path);
      expect(got.status, `${w.path} was answered ${w.answered} before the kill`).toBe(200);
      if (w.kind === "identity") {
        expect(got.json.properties.principalId).toBe(w.answer.properties.principalId);
        expect(got.json.properties.clientId).toBe(w.answer.properties.clientId);
      } else {
        expect(got.json.properties.principalId).toBe(w.answer.properties.principalId);
      }
    }

    // Nothing half-written: identities and their principals come in pairs.
    const identities = await allPages(second.port, `${IDENTITIES}?${MI}`);
    expect(identities.length).toBeGreaterThanOrEqual(acknowledged.filter((w) => w.kind === "identity").length);
    const principals = (await allPages(second.port, "/v1.0/servicePrincipals?$top=999")).filter((sp) => sp.servicePrincipalType === "ManagedIdentity");
    const principalIds = new Set(principals.map((sp) => sp.id));
    for (const identity of identities) expect(principalIds.has(identity.properties.principalId), `${identity.name} has its service principal`).toBe(true);
    const identityPrincipals = new Set(identities.map((i) => i.properties.principalId));
    for (const sp of principals) expect(identityPrincipals.has(sp.id), `${sp.displayName}'s identity exists`).toBe(true);

    // The store still takes writes after the crash.
    const again = await send(second.port, "PUT", `${IDENTITIES}/after-crash?${MI}`, { body: '{"location":"westeurope"}' });
    expect(again.status).toBe(201);
  });
});
