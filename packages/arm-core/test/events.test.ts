import { describe, expect, it } from "vitest";
import { EventBus, MemoryStore, parseResourceId, type CoreEvent } from "../src/index.js";

describe("EventBus", () => {
  it("calls every handler of the event's type, in registration order, and no other", () => {
    const bus = new EventBus<CoreEvent | { type: "other" }>();
    const seen: string[] = [];
    bus.on("scopeDeleted", (e) => seen.push(`1:${e.scope.id}`));
    bus.on("scopeDeleted", (e) => seen.push(`2:${e.scope.id}`));
    bus.on("other", () => seen.push("other"));
    bus.emit({ type: "scopeDeleted", scope: parseResourceId("/subscriptions/s/resourceGroups/rg") });
    expect(seen).toEqual(["1:/subscriptions/s/resourceGroups/rg", "2:/subscriptions/s/resourceGroups/rg"]);
    bus.emit({ type: "other" });
    expect(seen).toHaveLength(3);
  });

  it("lets a failing handler roll back the transaction that emitted the event", () => {
    const store = new MemoryStore();
    const bus = new EventBus<CoreEvent>();
    bus.on("scopeDeleted", () => {
      throw new Error("cannot clean up");
    });
    store.put("c", "k", 1);
    expect(() =>
      store.transaction(() => {
        store.delete("c", "k");
        bus.emit({ type: "scopeDeleted", scope: parseResourceId("/subscriptions/s") });
      }),
    ).toThrow("cannot clean up");
    expect(store.get("c", "k")).toBe(1);
  });
});
