/**
 * The per-resource secrets that tell a managed-identity endpoint which resource is asking.
 * On Azure the host (App Service, a VM's IMDS) knows the caller by where the request comes
 * from; locally every client shares one port, so each resource gets its own secret, carried
 * as the App Service header or inside the IMDS base URL. Secrets persist with the state so
 * that environment printed once keeps working across restarts.
 */
import { randomBytes } from "node:crypto";
import { isAtOrBelow, type ResourceId, type Store } from "@azmi/arm-core";

const COLLECTION = "managedIdentityEndpoints";

interface EndpointRecord {
  readonly resourceId: string;
  readonly secret: string;
}

export class EndpointSecrets {
  constructor(private readonly store: Store) {}

  /** The resource's secret, created on first use. */
  secretFor(resource: ResourceId): string {
    const existing = this.store.get<EndpointRecord>(COLLECTION, resource.key);
    if (existing !== undefined) return existing.secret;
    const secret = randomBytes(24).toString("hex");
    this.store.put<EndpointRecord>(COLLECTION, resource.key, { resourceId: resource.id, secret }, { secret });
    return secret;
  }

  /** The ARM id of the resource that owns `secret`, if any. */
  resourceFor(secret: string): string | undefined {
    if (secret === "") return undefined;
    return this.store.findByIndex<EndpointRecord>(COLLECTION, "secret", secret)[0]?.value.resourceId;
  }

  /** Forgets the secrets of resources at or below a deleted scope. */
  forgetAtOrBelow(scope: ResourceId): void {
    const prefix = scope.key === "/" ? "/" : scope.key;
    for (const item of this.store.list<EndpointRecord>(COLLECTION, { prefix })) {
      if (isAtOrBelow(item.key, scope)) this.store.delete(COLLECTION, item.key);
    }
  }
}
