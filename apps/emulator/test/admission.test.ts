/**
 * The admission rule on its own (src/listener/admission.ts): a Host header's verdict is kept per
 * header value, so the same rule must come out for a name however often it is sent, and a name
 * seen once under another port or case must still be judged by its own hostname.
 */
import { describe, expect, it } from "vitest";
import { admission } from "../src/listener/admission.js";

const ask = (admit: ReturnType<typeof admission>, host: string, extra: Record<string, string> = {}) =>
  admit({ method: "GET", path: "/subscriptions", headers: { host, ...extra } });

describe("admission by Host header", () => {
  it("refuses a rebound name on every request, and admits local and emulated names on every request", () => {
    const admit = admission(["127.0.0.1"]);
    for (let i = 0; i < 3; i++) {
      expect(ask(admit, "evil.example:4566")).toMatchObject({ status: 403, code: "HostNotAllowed" });
      expect(ask(admit, "127.0.0.1:4566")).toBeUndefined();
      expect(ask(admit, "kv1.vault.localhost:4566")).toBeUndefined();
      expect(ask(admit, "MANAGEMENT.AZURE.COM")).toBeUndefined();
    }
  });

  it("admits an --allow-host name under any port, and only that name", () => {
    const admit = admission(["127.0.0.1", "azmi.test"]);
    expect(ask(admit, "azmi.test:1")).toBeUndefined();
    expect(ask(admit, "AZMI.test.:2")).toBeUndefined();
    expect(ask(admit, "other.azmi.test:1")).toMatchObject({ code: "HostNotAllowed" });
  });

  it("still judges the Origin and the /_azmi rules for a Host it has seen", () => {
    const admit = admission(["127.0.0.1"]);
    expect(ask(admit, "localhost:4566")).toBeUndefined();
    expect(ask(admit, "localhost:4566", { origin: "https://evil.example" })).toMatchObject({ code: "OriginNotAllowed" });
    expect(admit({ method: "GET", path: "/_azmi/ca.pem", headers: { host: "management.azure.com" } })).toMatchObject({ status: 404 });
    expect(admit({ method: "GET", path: "/_azmi/ca.pem", headers: { host: "localhost:4566" } })).toBeUndefined();
  });
});
