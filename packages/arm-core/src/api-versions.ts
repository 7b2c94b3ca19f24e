/**
 * api-version rules per resource type. Every type azmi serves registers the versions Azure
 * accepts for it, old and preview ones included, because real clients pin old versions
 * (az 2.45 sends 2022-01-31-preview for identities and 2016-09-01 for locks).
 *
 * Two refusals, as Azure tells them apart: a version that is not a date is
 * InvalidApiVersionParameter everywhere; a well-formed version a type does not accept is
 * InvalidApiVersionParameter for Resource Manager's own types (Microsoft.Resources), and
 * NoRegisteredProviderFound (naming versions and locations) for every provider's types,
 * because there ARM finds no provider registration to route the version to.
 */
import { armErrors } from "./errors.js";

const WELL_FORMED = /^\d{4}-\d{2}-\d{2}(-[a-z]+)?$/i;

/** Where the request goes, for NoRegisteredProviderFound's message. */
export interface ApiVersionTarget {
  /** The location ARM routes by (the group's, or 'global'). */
  readonly location?: string;
  /** The locations the type is offered in (none for global types). */
  readonly locations?: readonly string[];
}

/** Resource Manager serves these itself: a version it does not know is a bad parameter, not a missing registration. */
function servedByResourceManager(resourceType: string): boolean {
  return resourceType.toLowerCase().startsWith("microsoft.resources/");
}

export class ApiVersionRegistry {
  private readonly byType = new Map<string, readonly string[]>();

  register(resourceType: string, versions: readonly string[]): void {
    const key = resourceType.toLowerCase();
    const merged = new Set([...(this.byType.get(key) ?? []), ...versions]);
    this.byType.set(key, [...merged].sort().reverse());
  }

  supported(resourceType: string): readonly string[] | undefined {
    return this.byType.get(resourceType.toLowerCase());
  }

  /**
   * Throws MissingApiVersionParameter / InvalidApiVersionParameter / NoRegisteredProviderFound;
   * types never registered accept any well-formed version.
   */
  check(resourceType: string, apiVersion: string | null | undefined, target: ApiVersionTarget = {}): string {
    if (apiVersion === null || apiVersion === undefined || apiVersion === "") throw armErrors.missingApiVersion();
    const supported = this.supported(resourceType);
    if (!WELL_FORMED.test(apiVersion)) throw armErrors.invalidApiVersion(apiVersion, resourceType, supported ?? []);
    if (supported === undefined || supported.some((v) => v.toLowerCase() === apiVersion.toLowerCase())) return apiVersion;
    if (servedByResourceManager(resourceType)) throw armErrors.invalidApiVersion(apiVersion, resourceType, supported);
    const typeName = resourceType.slice(resourceType.indexOf("/") + 1);
    // Azure lists a provider's versions oldest first.
    const ascending = [...supported].sort();
    throw armErrors.noRegisteredProviderFound(apiVersion, typeName, ascending, target.location ?? "global", target.locations ?? []);
  }
}
