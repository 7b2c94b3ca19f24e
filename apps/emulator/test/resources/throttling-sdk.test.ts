/**
 * The Azure SDK for JS (@azure/arm-resources) against `--throttle`: with its default retry
 * policy it waits out each 429 for the Retry-After azmi sends and every call of a burst
 * succeeds; without retries the caller sees Azure's SubscriptionRequestsThrottled. A policy
 * placed after the SDK's retry policy records every attempt that went over the wire.
 */
import { ResourceManagementClient } from "@azure/arm-resources";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorCredential, startTestAzmi, type TestAzmi } from "../support/azmi.js";

interface Attempt {
  readonly method: string;
  readonly status: number;
  readonly retryAfter: string | undefined;
  readonly at: number;
}

describe("the Azure SDK rides out --throttle reads=3:1,writes=2:1", () => {
  let azmi: TestAzmi;
  beforeAll(async () => {
    azmi = await startTestAzmi({
      config: { throttle: { reads: { size: 3, refillPerSecond: 1 }, writes: { size: 2, refillPerSecond: 1 }, deletes: { size: 2, refillPerSecond: 1 } } },
    });
  });
  afterAll(() => azmi?.stop());

  /**
   * A client of its own principal (so its buckets are its own) with the SDK's own retry policy
   * (the harness turns retries off by default), recording each attempt.
   */
  function recordedClient(clientId: string, maxRetries: number): { rm: ResourceManagementClient; attempts: Attempt[] } {
    const options = azmi.sdkOptions();
    const credential = emulatorCredential(azmi.url, azmi.tenantId, clientId);
    const rm = new ResourceManagementClient(credential, azmi.subscriptionId, { ...options, credential, retryOptions: { maxRetries } });
    const attempts: Attempt[] = [];
    rm.pipeline.addPolicy(
      {
        name: "recordAttempts",
        async sendRequest(request, next) {
          const response = await next(request);
          attempts.push({ method: request.method, status: response.status, retryAfter: response.headers.get("retry-after"), at: Date.now() });
          return response;
        },
      },
      { afterPhase: "Retry" },
    );
    return { rm, attempts };
  }

  it("creates and reads through a burst: each 429 is retried after its Retry-After, and every call succeeds", async () => {
    const { rm, attempts } = recordedClient("a1000000-0000-0000-0000-000000000001", 3);
    const started = Date.now();
    const names = ["burst-1", "burst-2", "burst-3"];
    for (const name of names) expect((await rm.resourceGroups.createOrUpdate(name, { location: "westeurope" })).name).toBe(name);
    const reads = [...names, "burst-1", "burst-2"];
    const read: string[] = [];
    for (const name of reads) read.push((await rm.resourceGroups.get(name)).name!);
    expect(read).toEqual(reads);

    const throttled = attempts.filter((a) => a.status === 429);
    // 3 writes from a bucket of 2 and 5 reads from a bucket of 3: at least 1 + 2 refusals, each waited out.
    expect(throttled.filter((a) => a.method === "PUT").length).toBeGreaterThanOrEqual(1);
    expect(throttled.filter((a) => a.method === "GET").length).toBeGreaterThanOrEqual(2);
    for (const refusal of throttled) {
      expect(refusal.retryAfter).toBe("1");
      const retried = attempts[attempts.indexOf(refusal) + 1]!;
      expect(retried.at - refusal.at).toBeGreaterThanOrEqual(900);
    }
    expect(attempts.filter((a) => a.status < 300)).toHaveLength(8);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 900);
  }, 60_000);

  it("without retries, hands the caller Azure's 429 SubscriptionRequestsThrottled", async () => {
    const { rm, attempts } = recordedClient("a1000000-0000-0000-0000-000000000002", 0);
    for (let i = 0; i < 3; i++) await rm.resourceGroups.list().byPage().next();
    const error = await rm.resourceGroups
      .list()
      .byPage()
      .next()
      .then(
        () => undefined,
        (e: unknown) => e as { name?: string; statusCode?: number; code?: string; message: string },
      );
    expect(error).toMatchObject({ name: "RestError", statusCode: 429, code: "SubscriptionRequestsThrottled" });
    expect(error!.message).toMatch(/^Number of 'read' requests for subscription '00000000-0000-0000-0000-000000000000' actor '[0-9a-f-]{36}' exceeded/);
    expect(attempts.map((a) => a.status)).toEqual([200, 200, 200, 429]);
  }, 30_000);
});
