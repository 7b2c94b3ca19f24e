/**
 * The real az CLI against `azmi start --throttle reads=3:0.1`: once az's principal has spent its
 * subscription's read bucket, `az group show` is answered 429 SubscriptionRequestsThrottled with
 * Retry-After, waits that long, retries and succeeds, as it would on Azure. The bucket is drained
 * over HTTP with a token of the same service principal az logged in as (its buckets are az's).
 * A refill of one read every ten seconds leaves az ample time to start before a token is back.
 * Skipped, loudly, when az is not installed.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_TENANT, findAz, loggedInAz, skipReasonForAz } from "../support/az.js";

const az = findAz();
const skipReason = skipReasonForAz(az);
if (skipReason !== undefined) console.warn(`SKIPPED az throttling tests: ${skipReason}`);

const SUB = "00000000-0000-0000-0000-000000000000";

describe.skipIf(skipReason !== undefined)("az rides out --throttle", () => {
  const rg = "throttled-rg";
  const live = loggedInAz(az!, { group: rg, azmiArgs: ["--throttle", "reads=3:0.1"] });

  /** A token of the service principal az logged in as (`-u any -p any`). */
  async function azPrincipalToken(): Promise<string> {
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: "any",
      client_secret: "any",
      scope: "https://management.azure.com/.default",
    });
    const response = await fetch(`${live.emulator.proxyUrl}/${DEFAULT_TENANT}/oauth2/v2.0/token`, { method: "POST", body: form });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  it("az group show waits out a 429 for its Retry-After and answers the group", async () => {
    const token = await azPrincipalToken();
    const path = `${live.emulator.proxyUrl}/subscriptions/${SUB}/resourcegroups/${rg}?api-version=2022-09-01`;
    let last: Response | undefined;
    for (let i = 0; i < 4 && last?.status !== 429; i++) last = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
    expect(last!.status).toBe(429);
    expect(((await last!.json()) as { error: { code: string } }).error.code).toBe("SubscriptionRequestsThrottled");

    const started = Date.now();
    const shown = await live.session.run(["group", "show", "-n", rg, "--debug"]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ name: rg, location: "westeurope" });
    // az's own log: the throttled answer and its Retry-After, then the retry that succeeded after waiting it out.
    const throttledAt = shown.stderr.indexOf("Response status: 429");
    expect(throttledAt).toBeGreaterThan(-1);
    expect(shown.stderr).toContain("SubscriptionRequestsThrottled");
    const retryAfter = Number(/'retry-after': '(\d+)'/i.exec(shown.stderr)?.[1]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(shown.stderr.lastIndexOf("Response status: 200")).toBeGreaterThan(throttledAt);
    expect(Date.now() - started).toBeGreaterThanOrEqual(retryAfter * 1000);
  }, 120_000);
});
