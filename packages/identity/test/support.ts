import { EventBus, isArmError, MemoryStore, ResourceGroupStore, ResourceStore, parseResourceId, resourceGroupScope, type CoreEvent } from "@azmi/arm-core";
import { IdentityService } from "../src/index.js";

export const TENANT = "11111111-1111-1111-1111-111111111111";
export const SUB = "00000000-0000-0000-0000-000000000000";
export const NEW = "2024-11-30";
export const OLD = "2022-01-31-preview";

export function uaiId(group: string, name: string) {
  return parseResourceId(`/subscriptions/${SUB}/resourceGroups/${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`);
}

export function ficId(group: string, identity: string, name: string) {
  return parseResourceId(
    `/subscriptions/${SUB}/resourceGroups/${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${identity}/federatedIdentityCredentials/${name}`,
  );
}

/** An identity service over a fresh in-memory store, with groups "rg" and "other". */
export function setup() {
  const store = new MemoryStore();
  const events = new EventBus<CoreEvent>();
  const resources = new ResourceStore(store);
  const resourceGroups = new ResourceGroupStore(store);
  for (const name of ["rg", "other"]) {
    const group = resourceGroupScope(SUB, name);
    resourceGroups.put(group, {
      id: group.id,
      name,
      type: "Microsoft.Resources/resourceGroups",
      location: "westeurope",
      properties: { provisioningState: "Succeeded" },
    });
  }
  const identities = new IdentityService({ store, events, tenantId: TENANT, resources, resourceGroups });
  // The app's cascade on deletion (reactions.ts), as far as this package goes.
  events.on("scopeDeleted", (event) => identities.forgetAtOrBelow(event.scope));
  return { store, events, resources, identities, directory: identities.directory };
}

/** Everything stored, to compare before and after a refused request. */
export function snapshot(store: MemoryStore): string {
  const out: Record<string, unknown> = {};
  for (const c of ["resources", "resourceGroups", "directoryObjects", "identityBindings", "federatedIdentityCredentials"]) out[c] = store.list(c);
  return JSON.stringify(out);
}

export const ACTOR = { id: "22222222-2222-2222-2222-222222222222", type: "Application" as const };
/** Write options on the newest and on the CLI 2.45 api-version. */
export const W = { apiVersion: NEW, actor: ACTOR };
export const WOLD = { apiVersion: OLD, actor: ACTOR };

/** The ArmError `fn` throws, as a client sees it; fails the test when it throws nothing or something else. */
export function refusal(fn: () => unknown): { status: number; code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (isArmError(err)) return { status: err.status, code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected an ArmError");
}
