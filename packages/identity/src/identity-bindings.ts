/**
 * Which ARM resource owns which managed-identity principal. Keyed by the lower-case id of the
 * owning resource (the user-assigned identity itself, or the resource carrying a system-assigned
 * identity), so that everything at or below a deleted scope is one prefix scan away, even after
 * the resource documents themselves are gone.
 */
import type { Store } from "@azmi/arm-core";

export type IdentityKind = "UserAssigned" | "SystemAssigned";

export interface IdentityBinding {
  readonly kind: IdentityKind;
  /** The owning resource's id as it was created. */
  readonly resourceId: string;
  readonly principalId: string;
  readonly clientId: string;
  readonly tenantId: string;
}

const COLLECTION = "identityBindings";

export class IdentityBindings {
  constructor(private readonly store: Store) {}

  get(resourceKey: string): IdentityBinding | undefined {
    return this.store.get<IdentityBinding>(COLLECTION, resourceKey);
  }

  put(resourceKey: string, binding: IdentityBinding): void {
    this.store.put(COLLECTION, resourceKey, binding, {
      clientId: binding.clientId.toLowerCase(),
      principalId: binding.principalId.toLowerCase(),
    });
  }

  delete(resourceKey: string): boolean {
    return this.store.delete(COLLECTION, resourceKey);
  }

  byClientId(clientId: string): IdentityBinding | undefined {
    return this.store.findByIndex<IdentityBinding>(COLLECTION, "clientId", clientId.toLowerCase())[0]?.value;
  }

  byPrincipalId(principalId: string): IdentityBinding | undefined {
    return this.store.findByIndex<IdentityBinding>(COLLECTION, "principalId", principalId.toLowerCase())[0]?.value;
  }

  /** The binding at `scopeKey` and every binding below it. */
  atOrBelow(scopeKey: string): Array<{ key: string; binding: IdentityBinding }> {
    const out: Array<{ key: string; binding: IdentityBinding }> = [];
    const own = this.get(scopeKey);
    if (own !== undefined) out.push({ key: scopeKey, binding: own });
    const prefix = scopeKey === "/" ? "/" : `${scopeKey}/`;
    for (const r of this.store.list<IdentityBinding>(COLLECTION, { prefix })) out.push({ key: r.key, binding: r.value });
    return out;
  }
}
