/** The identity rules hold on the durable store too: writes survive a reopen, refused writes leave nothing. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EventBus, ResourceGroupStore, SqliteStore, resourceGroupScope, type CoreEvent } from "@azmi/arm-core";
import { IdentityService } from "../src/index.js";
import { SUB, TENANT, W, ficId, uaiId } from "./support.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(file: string) {
  const store = new SqliteStore(file);
  const events = new EventBus<CoreEvent>();
  const identities = new IdentityService({ store, events, tenantId: TENANT });
  events.on("scopeDeleted", (event) => identities.forgetAtOrBelow(event.scope));
  return { store, events, identities };
}

describe("identities on SQLite", () => {
  it("keeps identities, principals and credentials across a reopen, and rolls back a refused request", () => {
    const dir = mkdtempSync(join(tmpdir(), "azmi-identity-"));
    dirs.push(dir);
    const file = join(dir, "state.db");
    const first = open(file);
    const group = resourceGroupScope(SUB, "rg");
    new ResourceGroupStore(first.store).put(group, {
      id: group.id,
      name: "rg",
      type: "Microsoft.Resources/resourceGroups",
      location: "westeurope",
      properties: { provisioningState: "Succeeded" },
    });
    const { identity } = first.identities.userAssigned.createOrUpdate(uaiId("rg", "mi1"), { location: "westeurope" }, W);
    first.identities.federatedCredentials.createOrUpdate(ficId("rg", "mi1", "fic1"), { properties: { issuer: "https://i.example", subject: "s" } }, W);
    const site = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app1`;
    const system = first.identities.applyResourceIdentity(site, { type: "SystemAssigned" })!;
    expect(() =>
      first.identities.applyResourceIdentity(site, { type: "SystemAssigned, UserAssigned", userAssignedIdentities: { [uaiId("rg", "ghost").id]: {} } }),
    ).toThrow();
    first.store.close();

    const second = open(file);
    expect(second.identities.userAssigned.get(uaiId("rg", "mi1")).properties.clientId).toBe(identity.properties.clientId);
    expect(second.identities.directory.servicePrincipals.get(identity.properties.principalId)?.displayName).toBe("mi1");
    expect(second.identities.federatedCredentialsOfClientId(identity.properties.clientId).map((c) => c.name)).toEqual(["fic1"]);
    expect(second.identities.findByPrincipalId(system.principalId!)?.resourceId).toBe(site);
    second.events.emit({ type: "scopeDeleted", scope: group });
    expect(second.identities.directory.count("servicePrincipal")).toBe(0);
    expect(second.identities.findByClientId(identity.properties.clientId)).toBeUndefined();
    second.store.close();
  });
});
