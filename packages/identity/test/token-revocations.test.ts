import { MemoryStore } from "@azmi/arm-core";
import { describe, expect, it } from "vitest";
import { CLOCK_SKEW_SECONDS, TokenRevocations } from "../src/index.js";

const PRINCIPAL = "6a6b1f2e-0c1d-4c4e-9a3b-2f1e0d9c8b7a";
/** Claims as azmi issues them at `issuedAt` (epoch seconds): iat back-dated by the skew. */
const issuedAt = (second: number, oid = PRINCIPAL) => ({ oid, iat: second - CLOCK_SKEW_SECONDS });

describe("token revocations (revokeTokens)", () => {
  it("revokes every token issued up to the call, even within its second, and none issued afterwards", () => {
    const revocations = new TokenRevocations(new MemoryStore());
    const callMs = 1_700_000_000_400;
    const second = Math.floor(callMs / 1000);
    expect(revocations.revokedBy(issuedAt(second))).toBeUndefined();

    const validFrom = revocations.revoke(PRINCIPAL, callMs);
    expect(validFrom).toBe(second + 1);
    expect(revocations.revokedBy(issuedAt(second - 3600))).toBe(validFrom);
    expect(revocations.revokedBy(issuedAt(second))).toBe(validFrom);

    // A token asked for in the same second counts as issued from the next one: good.
    const issue = revocations.issueTime(PRINCIPAL, second);
    expect(issue).toBe(second + 1);
    expect(revocations.revokedBy(issuedAt(issue))).toBeUndefined();
    expect(revocations.issueTime(PRINCIPAL, second + 10)).toBe(second + 10);
  });

  it("concerns only the principal revoked, whatever the case of its id", () => {
    const revocations = new TokenRevocations(new MemoryStore());
    revocations.revoke(PRINCIPAL.toUpperCase(), 1_700_000_000_000);
    expect(revocations.revokedBy(issuedAt(1_699_999_999))).toBeDefined();
    expect(revocations.revokedBy(issuedAt(1_699_999_999, "00000000-0000-0000-0000-000000000001"))).toBeUndefined();
    expect(revocations.issueTime("00000000-0000-0000-0000-000000000001", 5)).toBe(5);
    expect(revocations.revokedBy({ iat: 1 })).toBeUndefined();
  });
});
