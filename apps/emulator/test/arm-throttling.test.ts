/**
 * ARM throttling over HTTP (issue 17): with `throttle` configured, each principal has a token
 * bucket per subscription (or tenant) and kind of request; every answer says what is left, an
 * empty bucket answers Azure's 429 with Retry-After, and the bucket fills again at its rate.
 * Without it, nothing is ever refused and the headers say what a fresh principal has on Azure.
 * Each test calls as its own client (its own principal), so its buckets are its own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorCredential, startTestAzmi, type TestAzmi, type TestResponse } from "./support/azmi.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const SUB2 = "22222222-0000-0000-0000-000000000002";
const RG_API = "api-version=2021-04-01";
const SUBS_API = "api-version=2022-12-01";

let clients = 0;
/** A new client id: a principal whose buckets nobody has touched. */
const newClient = () => `c0000000-0000-0000-0000-${String(++clients).padStart(12, "0")}`;

function caller(azmi: TestAzmi, clientId = newClient()) {
  const credential = emulatorCredential(azmi.url, azmi.tenantId, clientId);
  const send = async (method: string, path: string, body?: unknown): Promise<TestResponse> => {
    const token = await credential.getToken("https://management.azure.com/.default");
    return azmi.request(method, path, body, { authorization: `Bearer ${token!.token}` });
  };
  /** The caller's object id: the actor Azure names in its 429. */
  const objectId = async () => {
    const token = (await credential.getToken("https://management.azure.com/.default"))!.token;
    return (JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { oid: string }).oid;
  };
  return { send, objectId };
}

const groups = (sub = SUB) => `/subscriptions/${sub}/resourcegroups?${RG_API}`;
const group = (name: string, sub = SUB) => `/subscriptions/${sub}/resourcegroups/${name}?${RG_API}`;
const READS = "x-ms-ratelimit-remaining-subscription-reads";

describe("ARM throttling (--throttle reads=5:1,writes=3:1,deletes=2:1)", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi({
      config: {
        subscriptions: [SUB, SUB2],
        throttle: { reads: { size: 5, refillPerSecond: 1 }, writes: { size: 3, refillPerSecond: 1 }, deletes: { size: 2, refillPerSecond: 1 } },
      },
    });
  });
  afterAll(() => azmi.stop());

  it("counts reads down in the header, then answers 429 SubscriptionRequestsThrottled with Retry-After until a token is back", async () => {
    const alice = caller(azmi);
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 5; i++) {
      const listed = await alice.send("GET", groups());
      expect(listed.status).toBe(200);
      remaining.push(listed.headers.get(READS));
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);

    const refused = await alice.send("GET", groups());
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.headers.get(READS)).toBe("0");
    expect(refused.headers.get("x-ms-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(refused.json).toEqual({
      error: {
        code: "SubscriptionRequestsThrottled",
        message: `Number of 'read' requests for subscription '${SUB}' actor '${await alice.objectId()}' exceeded. Please try again after '1' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
      },
    });

    await new Promise((r) => setTimeout(r, 1_050));
    const again = await alice.send("GET", groups());
    expect(again.status).toBe(200);
    expect(again.headers.get(READS)).toBe("0");
  });

  it("keeps writes and deletes in buckets of their own, and a refused write changes nothing", async () => {
    const bob = caller(azmi);
    const writes: Array<string | null> = [];
    for (const name of ["w1", "w2", "w3"]) {
      const created = await bob.send("PUT", group(name), { location: "westeurope" });
      expect(created.status).toBe(201);
      writes.push(created.headers.get("x-ms-ratelimit-remaining-subscription-writes"));
    }
    expect(writes).toEqual(["2", "1", "0"]);
    const refusedWrite = await bob.send("PUT", group("w4"), { location: "westeurope" });
    expect(refusedWrite.status).toBe(429);
    expect(refusedWrite.json.error.message).toMatch(/^Number of 'write' requests for subscription/);
    // Reads are counted apart: the refused group is not there, and reading costs a read token only.
    const missing = await bob.send("GET", group("w4"));
    expect(missing.status).toBe(404);
    expect(missing.headers.get(READS)).toBe("4");

    const deletes: Array<string | null> = [];
    for (const name of ["w1", "w2"]) {
      const deleted = await bob.send("DELETE", group(name));
      expect(deleted.status).toBeLessThan(300);
      deletes.push(deleted.headers.get("x-ms-ratelimit-remaining-subscription-deletes"));
    }
    expect(deletes).toEqual(["1", "0"]);
    const refusedDelete = await bob.send("DELETE", group("w3"));
    expect(refusedDelete.status).toBe(429);
    expect(refusedDelete.json.error.message).toMatch(/^Number of 'delete' requests for subscription/);
    expect((await bob.send("GET", group("w3"))).status).toBe(200);
  });

  it("keeps one bucket per principal and per subscription", async () => {
    const carol = caller(azmi);
    for (let i = 0; i < 5; i++) expect((await carol.send("GET", groups())).status).toBe(200);
    expect((await carol.send("GET", groups())).status).toBe(429);

    const dave = caller(azmi);
    const daves = await dave.send("GET", groups());
    expect(daves.status).toBe(200);
    expect(daves.headers.get(READS)).toBe("4");

    const otherSubscription = await carol.send("GET", groups(SUB2));
    expect(otherSubscription.status).toBe(200);
    expect(otherSubscription.headers.get(READS)).toBe("4");
  });

  it("throttles requests naming no subscription per tenant: TenantRequestsThrottled, x-ms-ratelimit-remaining-tenant-*", async () => {
    const erin = caller(azmi);
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 5; i++) {
      const listed = await erin.send("GET", `/subscriptions?${SUBS_API}`);
      expect(listed.status).toBe(200);
      expect(listed.headers.get(READS)).toBeNull();
      remaining.push(listed.headers.get("x-ms-ratelimit-remaining-tenant-reads"));
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);
    const refused = await erin.send("GET", `/subscriptions?${SUBS_API}`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.json.error.code).toBe("TenantRequestsThrottled");
    expect(refused.json.error.message).toBe(
      `Number of 'read' requests for tenant '${azmi.tenantId}' actor '${await erin.objectId()}' exceeded. Please try again after '1' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
    );
    // The subscription's bucket is another one.
    expect((await erin.send("GET", groups())).headers.get(READS)).toBe("4");
  });

  it("fills every bucket again on POST /_azmi/reset", async () => {
    const frank = caller(azmi);
    for (let i = 0; i < 5; i++) await frank.send("GET", groups());
    expect((await frank.send("GET", groups())).status).toBe(429);
    const reset = await fetch(`${azmi.url}/_azmi/reset`, { method: "POST", headers: { "content-type": "application/json" } });
    expect(reset.status).toBeLessThan(300);
    expect((await frank.send("GET", groups())).headers.get(READS)).toBe("4");
  });
});

describe("ARM without --throttle", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi();
  });
  afterAll(() => azmi.stop());

  it("never throttles, and sends the counts a fresh principal has on Azure for each kind", async () => {
    const grace = caller(azmi);
    for (let i = 0; i < 300; i++) {
      const listed = await grace.send("GET", groups());
      expect(listed.status).toBe(200);
      expect(listed.headers.get(READS)).toBe("249");
    }
    expect((await grace.send("PUT", group("g"), { location: "westeurope" })).headers.get("x-ms-ratelimit-remaining-subscription-writes")).toBe("199");
    expect((await grace.send("DELETE", group("g"))).headers.get("x-ms-ratelimit-remaining-subscription-deletes")).toBe("199");
    expect((await grace.send("GET", `/subscriptions?${SUBS_API}`)).headers.get("x-ms-ratelimit-remaining-tenant-reads")).toBe("249");
  });
});
