/**
 * The dispatch table: resource type (case-insensitive) → the handler a provider registered
 * for it. Two reserved types: "*" (the generic provider, for types of namespaces no provider
 * owns) and "Microsoft.Resources/providers" (provider namespaces, register/unregister).
 */
import type { ResourceProvider, ResourceTypeHandler } from "./contract.js";

export const GENERIC_RESOURCE_TYPE = "*";
export const PROVIDERS_RESOURCE_TYPE = "Microsoft.Resources/providers";

export class HandlerRegistry {
  private readonly byType = new Map<string, ResourceTypeHandler>();
  private readonly namespaces = new Set<string>();

  constructor(readonly providers: readonly ResourceProvider[]) {
    for (const provider of providers) {
      this.namespaces.add(provider.namespace.toLowerCase());
      for (const handler of provider.handlers) {
        const key = handler.resourceType.toLowerCase();
        if (this.byType.has(key)) throw new Error(`two handlers registered for resource type ${handler.resourceType}`);
        this.byType.set(key, handler);
      }
    }
  }

  /** The handler registered for exactly this type. */
  find(resourceType: string | undefined): ResourceTypeHandler | undefined {
    return resourceType === undefined ? undefined : this.byType.get(resourceType.toLowerCase());
  }

  /** True when some provider declares this namespace its own (its unknown types are then InvalidResourceType, not generic). */
  ownsNamespace(namespace: string): boolean {
    return this.namespaces.has(namespace.toLowerCase());
  }

  /** The generic provider's handler, if one is registered. */
  generic(): ResourceTypeHandler | undefined {
    return this.byType.get(GENERIC_RESOURCE_TYPE);
  }

  all(): ResourceTypeHandler[] {
    return [...this.byType.values()];
  }
}
