/**
 * The hostile-input campaign: 10,000 malformed requests against an `azmi start` child on a
 * data dir, with slow clients holding sockets open all along. No answer may be a 5xx, the
 * process must survive, its memory must stay put, and what was stored before must read back
 * unchanged afterwards.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send, startChildAzmi, type ChildAzmi } from "./child-azmi.js";
import { CAMPAIGN_GROUP, hostileRequest, type HostileRequest, type RawBytes } from "./hostile-requests.js";

const TOTAL = 10_000;
const CONCURRENCY = 16;
const SUB = "00000000-0000-0000-0000-000000000000";
const READER = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`;

/** Writes bytes, half-closes, and answers the status of the first response line (0 when none came). */
function sendRaw(port: number, bytes: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    const done = () => {
      socket.destroy();
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve(m === null ? 0 : Number(m[1]));
    };
    socket.setTimeout(3_000, done);
    socket.on("data", (c: Buffer) => {
      text += c.toString("latin1");
      if (text.includes("\r\n\r\n")) done();
    });
    socket.on("error", done);
    socket.on("close", done);
    socket.on("connect", () => socket.end(bytes));
  });
}

/** Clients that start a request and never finish it. */
function slowClients(port: number): Socket[] {
  const openers = [
    "PUT /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/slow?api-version=2021-04-01 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
    "GET /subscriptions?api-version=2022-12-01 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
    "POST /v1.0/applications HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 500\r\n\r\n",
    "\u0016", // a TLS handshake that stops after its first byte
    "CONNECT management.azure.com:443 HTTP/1.1\r\nHost: management.azure.com:443\r\n\r\n\u0016\u0003\u0001",
    "",
  ];
  return Array.from({ length: 30 }, (_, i) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(Buffer.from(openers[i % openers.length]!, "latin1")));
    socket.on("error", () => undefined);
    return socket;
  });
}

describe("10,000 malformed requests", () => {
  let dir: string;
  let azmi: ChildAzmi;
  const seeded: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "azmi-hostile-"));
    azmi = await startChildAzmi(["--data-dir", join(dir, "data")]);
    const put = async (path: string, body: unknown) => {
      const res = await send(azmi.port, "PUT", path, { body: JSON.stringify(body) });
      expect(res.status, `${res.text}\n${azmi.stderr()}`).toBeLessThan(300);
      seeded.push(path);
    };
    await put(`${CAMPAIGN_GROUP}?api-version=2021-04-01`, { location: "westeurope", tags: { keep: "me" } });
    const identity = `${CAMPAIGN_GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/keeper?api-version=2023-01-31`;
    await put(identity, { location: "westeurope", tags: { team: "reliability" } });
    const principalId = (await send(azmi.port, "GET", identity)).json.properties.principalId;
    await put(`${CAMPAIGN_GROUP}/providers/Microsoft.Authorization/roleAssignments/7d2c5e1a-7c4b-4f0e-9d55-2b7f3c1a0e01?api-version=2022-04-01`, {
      properties: { roleDefinitionId: READER, principalId },
    });
    seeded.push(`/v1.0/servicePrincipals/${principalId}`);
  }, 120_000);

  afterAll(async () => {
    await azmi?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers no 5xx, survives, keeps its memory and its store", { timeout: 300_000 }, async () => {
    const snapshot = async () => Promise.all(seeded.map(async (path) => (await send(azmi.port, "GET", path)).text));
    const before = await snapshot();
    const slow = slowClients(azmi.port);
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

    const serverErrors: string[] = [];
    const statuses = new Map<number, number>();
    let transportErrors = 0;
    const fire = async (i: number) => {
      const request = hostileRequest(i);
      let status: number;
      if ("raw" in request) {
        status = await sendRaw(azmi.port, (request as RawBytes).raw);
      } else {
        const r = request as HostileRequest;
        try {
          status = (
            await send(azmi.port, r.method, r.path, {
              ...(r.body === undefined ? {} : { body: r.body }),
              ...(r.headers === undefined ? {} : { headers: r.headers }),
              agent,
            })
          ).status;
        } catch {
          // The server may close a connection it refuses (431, 413 before the body was read).
          transportErrors++;
          status = 0;
        }
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) {
        const r = request as Partial<HostileRequest> & Partial<RawBytes>;
        serverErrors.push(`#${i} ${status} ${r.method ?? "raw"} ${(r.path ?? r.raw?.toString("latin1") ?? "").slice(0, 200)}`);
      }
    };
    const run = async (from: number, to: number) => {
      let next = from;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < to) await fire(next++);
        }),
      );
    };

    // A first pass warms every path (JIT, caches, leaf certificates); memory is measured after it.
    await run(0, 1_000);
    const rssBefore = azmi.rssKb();
    await run(1_000, TOTAL);
    const rssAfter = azmi.rssKb();
    agent.destroy();

    expect(serverErrors.slice(0, 20)).toEqual([]);
    // The campaign reached the limits and the validators, not only the 404s.
    for (const status of [400, 404, 413, 431]) expect(statuses.get(status) ?? 0, `answers ${status}`).toBeGreaterThan(0);
    expect(azmi.child.exitCode).toBeNull();
    // Most requests got an answer; a connection the server closes on purpose is no crash.
    expect(transportErrors).toBeLessThan(TOTAL / 20);
    expect(statuses.get(0) ?? 0).toBeLessThan(TOTAL / 10);

    // Slow clients did not stop anyone else, and the store is as it was.
    expect(await snapshot()).toEqual(before);
    for (const socket of slow) socket.destroy();
    const fresh = await send(
      azmi.port,
      "PUT",
      `${CAMPAIGN_GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/after-campaign?api-version=2023-01-31`,
      {
        body: '{"location":"westeurope","tags":{}}',
      },
    );
    expect(fresh.status).toBe(201);
    expect(fresh.json.tags).toEqual({});

    if (rssBefore !== undefined && rssAfter !== undefined) {
      // Generous: garbage collection is lazy. A leak per request (9,000 of them) would blow it.
      expect(rssAfter - rssBefore, `RSS ${rssBefore} kB → ${rssAfter} kB`).toBeLessThan(150 * 1024);
    }
    expect(azmi.stderr()).not.toMatch(/unexpected error|unhandled|TypeError|RangeError/i);
  });
});
