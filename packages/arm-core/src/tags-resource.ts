/**
 * Microsoft.Resources/tags/default: the tags of a subscription, resource group or resource as a
 * resource of its own (`az tag create|update|delete --resource-id`, the SDKs' tags at scope).
 * PUT replaces them, PATCH merges, replaces or deletes some, DELETE removes them all. Where the
 * tags live is the caller's business; subscriptions keep theirs here, having no document.
 */
import { z } from "zod";
import { armErrors } from "./errors.js";
import type { Store } from "./store/store.js";
import { validateTags, type Tags } from "./tags.js";

export const TAGS_RESOURCE_TYPE = "Microsoft.Resources/tags";

const tagMap = z.record(z.string(), z.string());

export const tagsPutBody = z.object({ properties: z.object({ tags: tagMap.nullish() }) });
export const tagsPatchBody = z.object({ operation: z.string(), properties: z.object({ tags: tagMap.nullish() }) });
export type TagsPatchBody = z.infer<typeof tagsPatchBody>;

export function tagsResourceView(scopeId: string, tags: Tags) {
  return { id: `${scopeId}/providers/${TAGS_RESOURCE_TYPE}/default`, name: "default", type: TAGS_RESOURCE_TYPE, properties: { tags: { ...tags } } };
}

export function tagsAfterPut(sent: Tags | null | undefined): Tags {
  validateTags(sent ?? undefined);
  return { ...(sent ?? {}) };
}

/**
 * Merge adds and overwrites the given tags (names compare case-insensitively, the new spelling
 * wins); Replace sets exactly the given ones; Delete removes each given tag whose value matches
 * (or any value when given as "").
 */
export function tagsAfterPatch(current: Tags, body: TagsPatchBody): Tags {
  const given = body.properties.tags ?? {};
  validateTags(given);
  const named = (tags: Tags, name: string) => Object.keys(tags).find((k) => k.toLowerCase() === name.toLowerCase());
  switch (body.operation.toLowerCase()) {
    case "replace":
      return { ...given };
    case "merge": {
      const out: Record<string, string> = { ...current };
      for (const [name, value] of Object.entries(given)) {
        const existing = named(out, name);
        if (existing !== undefined) delete out[existing];
        out[name] = value;
      }
      return out;
    }
    case "delete": {
      const out: Record<string, string> = { ...current };
      for (const [name, value] of Object.entries(given)) {
        const existing = named(out, name);
        if (existing !== undefined && (value === "" || out[existing] === value)) delete out[existing];
      }
      return out;
    }
    default:
      throw armErrors.invalidRequestContent(`The tag operation '${body.operation}' is not valid; it must be Merge, Replace or Delete.`);
  }
}

const COLLECTION = "subscription-tags";

/** The tags of each subscription (resource groups and resources carry theirs in their documents). */
export class SubscriptionTags {
  constructor(private readonly store: Store) {}

  get(subscriptionId: string): Tags {
    return this.store.get<Tags>(COLLECTION, subscriptionId.toLowerCase()) ?? {};
  }

  put(subscriptionId: string, tags: Tags): void {
    this.store.put(COLLECTION, subscriptionId.toLowerCase(), { ...tags });
  }
}
