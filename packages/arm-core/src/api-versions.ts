/**
 * api-version rules per resource type. Every type azmi serves registers the versions Azure
 * accepts for it, old and preview ones included, because real clients pin old versions
 * (az 2.45 sends 2022-01-31-preview for identities and 2016-09-01 for locks).
 */
import { armErrors } from "./errors.js";

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

  /** Throws MissingApiVersionParameter / InvalidApiVersionParameter; types never registered accept any version. */
  check(resourceType: string, apiVersion: string | null | undefined): string {
    if (apiVersion === null || apiVersion === undefined || apiVersion === "") throw armErrors.missingApiVersion();
    const supported = this.supported(resourceType);
    if (supported === undefined) {
      if (!/^\d{4}-\d{2}-\d{2}(-[a-z]+)?$/i.test(apiVersion)) throw armErrors.invalidApiVersion(apiVersion, resourceType, []);
      return apiVersion;
    }
    if (!supported.some((v) => v.toLowerCase() === apiVersion.toLowerCase())) {
      throw armErrors.invalidApiVersion(apiVersion, resourceType, supported);
    }
    return apiVersion;
  }
}
