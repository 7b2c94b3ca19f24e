import { describe, expect, it } from "vitest";
import { AZURE_THROTTLE_LIMITS, RequestThrottle, armErrors, requestKindOf, type ThrottleKey, type ThrottleLimits } from "../src/index.js";

const SUB_A = "aaaaaaaa-0000-0000-0000-000000000000";
const SUB_B = "bbbbbbbb-0000-0000-0000-000000000000";
const ALICE = "11111111-1111-1111-1111-111111111111";
const BOB = "22222222-2222-2222-2222-222222222222";

const small: ThrottleLimits = {
  reads: { size: 5, refillPerSecond: 1 },
  writes: { size: 3, refillPerSecond: 0.5 },
  deletes: { size: 2, refillPerSecond: 2 },
};

function clocked(limits = small): { throttle: RequestThrottle; advance: (ms: number) => void } {
  let now = 1_000_000;
  return { throttle: new RequestThrottle(limits, () => now), advance: (ms) => (now += ms) };
}

const key = (over: Partial<ThrottleKey> = {}): ThrottleKey => ({ level: "subscription", scopeId: SUB_A, principalId: ALICE, kind: "reads", ...over });

function drain(throttle: RequestThrottle, k: ThrottleKey, n: number): number[] {
  const remaining: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = throttle.take(k);
    if (!d.allowed) throw new Error(`request ${i + 1} was refused`);
    remaining.push(d.remaining);
  }
  return remaining;
}

describe("ARM throttling buckets", () => {
  it("counts a full bucket down to zero, then refuses with the seconds until the next token", () => {
    const { throttle } = clocked();
    expect(drain(throttle, key(), 5)).toEqual([4, 3, 2, 1, 0]);
    expect(throttle.take(key())).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
  });

  it("refills at the rate, up to the bucket's size, and a refused request takes nothing", () => {
    const { throttle, advance } = clocked();
    drain(throttle, key(), 5);
    advance(999);
    expect(throttle.take(key()).allowed).toBe(false);
    advance(1);
    expect(throttle.take(key())).toEqual({ allowed: true, remaining: 0 });
    advance(2_500);
    expect(throttle.take(key())).toEqual({ allowed: true, remaining: 1 });
    advance(60_000);
    expect(drain(throttle, key(), 5)).toEqual([4, 3, 2, 1, 0]);
    expect(throttle.take(key()).allowed).toBe(false);
  });

  it("keeps one bucket per kind of request, each with its own size and rate", () => {
    const { throttle, advance } = clocked();
    drain(throttle, key(), 5);
    expect(drain(throttle, key({ kind: "writes" }), 3)).toEqual([2, 1, 0]);
    expect(drain(throttle, key({ kind: "deletes" }), 2)).toEqual([1, 0]);
    // Writes refill at one token every two seconds: Retry-After says 2.
    expect(throttle.take(key({ kind: "writes" }))).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 2 });
    advance(500);
    expect(throttle.take(key({ kind: "deletes" })).allowed).toBe(true);
    expect(throttle.take(key({ kind: "reads" })).allowed).toBe(false);
  });

  it("keeps one bucket per principal and per subscription, the tenant's apart", () => {
    const { throttle } = clocked();
    drain(throttle, key(), 5);
    expect(throttle.take(key()).allowed).toBe(false);
    expect(throttle.take(key({ principalId: BOB }))).toEqual({ allowed: true, remaining: 4 });
    expect(throttle.take(key({ scopeId: SUB_B }))).toEqual({ allowed: true, remaining: 4 });
    expect(throttle.take(key({ level: "tenant" }))).toEqual({ allowed: true, remaining: 4 });
    // Ids are GUIDs: their case does not make another bucket.
    expect(throttle.take(key({ scopeId: SUB_A.toUpperCase(), principalId: ALICE.toUpperCase() })).allowed).toBe(false);
  });

  it("says how many seconds until one whole token, rounded up", () => {
    const { throttle, advance } = clocked({ ...small, reads: { size: 1, refillPerSecond: 0.25 } });
    drain(throttle, key(), 1);
    expect(throttle.take(key())).toMatchObject({ retryAfterSeconds: 4 });
    advance(1_500);
    expect(throttle.take(key())).toMatchObject({ retryAfterSeconds: 3 });
    advance(2_499);
    expect(throttle.take(key())).toMatchObject({ retryAfterSeconds: 1 });
    advance(1);
    expect(throttle.take(key()).allowed).toBe(true);
  });

  it("fills every bucket again on clear (a reset)", () => {
    const { throttle } = clocked();
    drain(throttle, key(), 5);
    throttle.clear();
    expect(throttle.take(key())).toEqual({ allowed: true, remaining: 4 });
  });

  it("gives nothing back when the clock steps back", () => {
    const { throttle, advance } = clocked();
    drain(throttle, key(), 5);
    advance(-10_000);
    expect(throttle.take(key()).allowed).toBe(false);
    advance(10_000);
    expect(throttle.take(key()).allowed).toBe(false);
  });

  it("refuses limits that are not a bucket of whole tokens with a positive refill", () => {
    expect(() => new RequestThrottle({ ...small, reads: { size: 0, refillPerSecond: 1 } })).toThrow();
    expect(() => new RequestThrottle({ ...small, writes: { size: 2.5, refillPerSecond: 1 } })).toThrow();
    expect(() => new RequestThrottle({ ...small, deletes: { size: 2, refillPerSecond: 0 } })).toThrow();
  });

  it("holds Azure's published numbers and counts requests by method as ARM does", () => {
    expect(AZURE_THROTTLE_LIMITS).toEqual({
      reads: { size: 250, refillPerSecond: 25 },
      writes: { size: 200, refillPerSecond: 10 },
      deletes: { size: 200, refillPerSecond: 10 },
    });
    expect(["GET", "head", "PUT", "PATCH", "POST", "DELETE"].map(requestKindOf)).toEqual(["reads", "reads", "writes", "writes", "writes", "deletes"]);
  });

  it("refuses with Azure's 429 codes and words", () => {
    const sub = armErrors.subscriptionRequestsThrottled("reads", SUB_A, ALICE, 3);
    expect(sub.status).toBe(429);
    expect(sub.toBody()).toEqual({
      error: {
        code: "SubscriptionRequestsThrottled",
        message: `Number of 'read' requests for subscription '${SUB_A}' actor '${ALICE}' exceeded. Please try again after '3' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
      },
    });
    const tenant = armErrors.tenantRequestsThrottled("deletes", SUB_B, BOB, 1);
    expect(tenant.status).toBe(429);
    expect(tenant.code).toBe("TenantRequestsThrottled");
    expect(tenant.message).toMatch(/^Number of 'delete' requests for tenant 'bbbbbbbb-[^']*' actor '2222/);
  });
});
