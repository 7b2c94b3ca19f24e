/**
 * `azmi start --throttle [SPEC]` as users and the test kit give it: parsed into the buckets,
 * listed in `azmi start --help`, a bad value stopping the start, and `startAzmi({ args })`
 * (the built test kit, a child process) throttling ARM with it.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AZURE_THROTTLE_LIMITS } from "@azmi/arm-core";
import { parseStartArgs, UsageError } from "../src/cli-args.js";
// The built test kit: it starts dist/cli.js as a child process.
import { startAzmi, type RunningTestAzmi } from "../dist/testing/index.js";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

describe("--throttle", () => {
  it("is off unless given, and alone means Azure's published limits", () => {
    expect(parseStartArgs(["--in-memory"]).throttle).toBeUndefined();
    expect(parseStartArgs(["--in-memory", "--throttle"]).throttle).toEqual(AZURE_THROTTLE_LIMITS);
    expect(parseStartArgs(["--throttle", "--in-memory"]).throttle).toEqual({
      reads: { size: 250, refillPerSecond: 25 },
      writes: { size: 200, refillPerSecond: 10 },
      deletes: { size: 200, refillPerSecond: 10 },
    });
  });

  it("takes bucket:refill-per-second per kind; a kind left out keeps Azure's", () => {
    expect(parseStartArgs(["--in-memory", "--throttle", "reads=20:2,writes=10:1,deletes=10:0.5"]).throttle).toEqual({
      reads: { size: 20, refillPerSecond: 2 },
      writes: { size: 10, refillPerSecond: 1 },
      deletes: { size: 10, refillPerSecond: 0.5 },
    });
    expect(parseStartArgs(["--in-memory", "--throttle=reads=5:1"]).throttle).toEqual({ ...AZURE_THROTTLE_LIMITS, reads: { size: 5, refillPerSecond: 1 } });
  });

  it("refuses what is not a bucket of whole requests with a positive refill, naming the part", () => {
    for (const spec of ["reads=0:1", "reads=5:0", "reads=2.5:1", "reads=5", "lists=5:1", "reads=five:1", "reads=5:1,"]) {
      expect(() => parseStartArgs(["--in-memory", "--throttle", spec]), spec).toThrow(UsageError);
    }
    expect(() => parseStartArgs(["--in-memory", "--throttle", "reads=5:1,writs=3:1"])).toThrow(/--throttle expects .*got 'writs=3:1'/);
  });

  it("is listed in `azmi start --help`, and a bad value stops `azmi start` with exit code 2", () => {
    const help = spawnSync(process.execPath, [CLI, "start", "--help"], { encoding: "utf8", timeout: 30_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("[--throttle [reads=BUCKET:REFILL,writes=BUCKET:REFILL,deletes=BUCKET:REFILL]]");
    const bad = spawnSync(process.execPath, [CLI, "start", "--in-memory", "--port", "0", "--throttle", "reads=0:1"], { encoding: "utf8", timeout: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--throttle expects");
  });
});

describe("startAzmi({ args: ['--throttle', 'reads=3:0.5'] })", () => {
  let azmi: RunningTestAzmi;
  beforeAll(async () => {
    azmi = await startAzmi({ args: ["--throttle", "reads=3:0.5"] });
  }, 60_000);
  afterAll(() => azmi?.stop());

  it("throttles the test kit's own client: three reads, then 429 with Retry-After 2; writes keep Azure's bucket", async () => {
    const path = `/subscriptions/${azmi.subscriptionId}/resourcegroups?api-version=2021-04-01`;
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      const listed = await azmi.request("GET", path);
      expect(listed.status).toBe(200);
      remaining.push(listed.headers.get("x-ms-ratelimit-remaining-subscription-reads"));
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const refused = await azmi.request("GET", path);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("2");
    expect(refused.json.error.code).toBe("SubscriptionRequestsThrottled");
    const created = await azmi.request("PUT", `/subscriptions/${azmi.subscriptionId}/resourcegroups/kit?api-version=2021-04-01`, { location: "westeurope" });
    expect(created.status).toBe(201);
    expect(created.headers.get("x-ms-ratelimit-remaining-subscription-writes")).toBe("199");
  });
});
