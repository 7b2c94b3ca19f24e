import { describe, expect, it } from "vitest";
import { MemoryStore } from "@azmi/arm-core";
import { Directory } from "../src/index.js";

describe("directory objects", () => {
  it("stores any kind of object, indexes appId and servicePrincipalNames case-insensitively, and lists by kind in id order", () => {
    const directory = new Directory(new MemoryStore());
    directory.put({ "@odata.type": "#microsoft.graph.user", id: "B-user", userPrincipalName: "a@b" });
    directory.put({ "@odata.type": "#microsoft.graph.servicePrincipal", id: "c-sp", appId: "App-1", servicePrincipalNames: ["App-1", "https://x"] });
    directory.put({ "@odata.type": "#microsoft.graph.servicePrincipal", id: "a-sp", appId: "app-2", servicePrincipalNames: ["app-2"] });
    expect(directory.get("b-USER")?.userPrincipalName).toBe("a@b");
    expect(directory.findByAppId("app-1").map((o) => o.id)).toEqual(["c-sp"]);
    expect(directory.findByServicePrincipalName("HTTPS://X").map((o) => o.id)).toEqual(["c-sp"]);
    expect(directory.list({ kind: "servicePrincipal" }).map((o) => o.id)).toEqual(["a-sp", "c-sp"]);
    expect(directory.list({ kind: "servicePrincipal", afterId: "a-sp" }).map((o) => o.id)).toEqual(["c-sp"]);
    expect(directory.list().map((o) => o.id)).toEqual(["a-sp", "B-user", "c-sp"]);
    expect(directory.list({ limit: 1 }).map((o) => o.id)).toEqual(["a-sp"]);
    expect(directory.servicePrincipals.getByAppId("APP-2")?.id).toBe("a-sp");
    expect(directory.servicePrincipals.get("b-user")).toBeUndefined();
    expect(directory.count("servicePrincipal")).toBe(2);
    // Re-putting replaces the index entries of the old version.
    directory.put({ "@odata.type": "#microsoft.graph.servicePrincipal", id: "c-sp", appId: "app-3", servicePrincipalNames: ["app-3"] });
    expect(directory.findByAppId("app-1")).toEqual([]);
    expect(directory.delete("C-SP")).toBe(true);
    expect(directory.findByAppId("app-3")).toEqual([]);
  });

  it("finds objects by displayName and its prefix, ignoring case, following renames", () => {
    const directory = new Directory(new MemoryStore());
    directory.put({ "@odata.type": "#microsoft.graph.servicePrincipal", id: "b", displayName: "Identity-10" });
    directory.put({ "@odata.type": "#microsoft.graph.servicePrincipal", id: "a", displayName: "identity-2" });
    directory.put({ "@odata.type": "#microsoft.graph.group", id: "c", displayName: "other" });
    expect(directory.findByDisplayName("IDENTITY-10").map((o) => o.id)).toEqual(["b"]);
    expect(directory.findByDisplayNamePrefix("IDENTITY-").map((o) => o.id)).toEqual(["a", "b"]);
    expect(directory.findByDisplayNamePrefix("identity-1").map((o) => o.id)).toEqual(["b"]);
    directory.put({ "@odata.type": "#microsoft.graph.servicePrincipal", id: "b", displayName: "renamed" });
    expect(directory.findByDisplayNamePrefix("identity-").map((o) => o.id)).toEqual(["a"]);
    expect(directory.findByDisplayName("identity-10")).toEqual([]);
  });

  it("indexes the displayNames of objects a store holds from before that index, once, when opened", () => {
    const store = new MemoryStore();
    // As an older azmi left them: the document, indexed by kind only.
    store.put("directoryObjects", "x", { "@odata.type": "#microsoft.graph.servicePrincipal", id: "x", displayName: "Old-One" }, { kind: "serviceprincipal" });
    const directory = new Directory(store);
    expect(directory.findByDisplayName("old-one").map((o) => o.id)).toEqual(["x"]);
    expect(directory.findByDisplayNamePrefix("old").map((o) => o.id)).toEqual(["x"]);
    expect(directory.count("servicePrincipal")).toBe(1);
  });
});
