/**
 * Microsoft.Resources/tags/default at a subscription, resource group or resource: thin handlers
 * over @azmi/arm-core's tag rules. A group's or resource's tags are the ones in its own document,
 * so the resource's GET shows the change; a subscription keeps its tags beside the configuration.
 */
import {
  armErrors,
  parseRequestContent,
  SubscriptionTags,
  tagsAfterPatch,
  tagsAfterPut,
  tagsPatchBody,
  tagsPutBody,
  tagsResourceView,
  TAGS_RESOURCE_TYPE,
  type ResourceId,
  type Tags,
  type TrackedResource,
} from "@azmi/arm-core";
import type { ArmContext, ArmResult, ResourceTypeHandler } from "../../arm/contract.js";
import { RESOURCE_MANAGER_API_VERSIONS } from "./api-versions.js";
import { requireSubscription } from "./scope-checks.js";

/** Tags at scope arrived with 2019-10-01. */
const TAGS_API_VERSIONS = RESOURCE_MANAGER_API_VERSIONS.filter((v) => v >= "2019-10-01");

interface TaggedScope {
  readonly id: string;
  readonly tags: Tags;
  write(tags: Tags): void;
}

function taggedScope(ctx: ArmContext, id: ResourceId): TaggedScope {
  const scope = id.parent;
  const { services } = ctx;
  if (scope?.kind === "subscription") {
    const subscriptionId = requireSubscription(ctx, scope.subscriptionId);
    const store = new SubscriptionTags(services.store);
    return { id: `/subscriptions/${subscriptionId}`, tags: store.get(subscriptionId), write: (tags) => store.put(subscriptionId, tags) };
  }
  if (scope?.kind === "resourceGroup") {
    requireSubscription(ctx, scope.subscriptionId);
    const group = services.resourceGroups.require(scope);
    return { id: group.id, tags: group.tags ?? {}, write: (tags) => services.resourceGroups.put(scope, { ...group, tags }) };
  }
  if (scope?.kind === "resource") {
    requireSubscription(ctx, scope.subscriptionId);
    const group = parentGroup(scope);
    if (group.kind === "resourceGroup") services.resourceGroups.require(group);
    const resource = services.resources.get<TrackedResource>(scope);
    if (resource === undefined) throw armErrors.resourceNotFound(scope.resourceType ?? "", scope.name ?? "", scope.resourceGroup);
    return { id: resource.id, tags: resource.tags ?? {}, write: (tags) => services.resources.put(scope, { ...resource, tags }) };
  }
  throw armErrors.invalidResourceType({ resourceType: TAGS_RESOURCE_TYPE, namespace: "Microsoft.Resources", apiVersion: ctx.apiVersion });
}

function parentGroup(scope: ResourceId): ResourceId {
  let at: ResourceId | undefined = scope;
  while (at !== undefined && at.kind !== "resourceGroup") at = at.parent;
  return at ?? scope;
}

function answer(ctx: ArmContext, id: ResourceId, change: (current: Tags) => Tags): ArmResult {
  return ctx.services.store.transaction(() => {
    const scope = taggedScope(ctx, id);
    const tags = change(scope.tags);
    scope.write(tags);
    return { status: 200, body: tagsResourceView(scope.id, tags) };
  });
}

export const tagsHandler: ResourceTypeHandler = {
  resourceType: TAGS_RESOURCE_TYPE,
  apiVersions: TAGS_API_VERSIONS,

  get(ctx, id) {
    const scope = taggedScope(ctx, id);
    return { status: 200, body: tagsResourceView(scope.id, scope.tags) };
  },

  put(ctx, id) {
    const body = parseRequestContent(tagsPutBody, ctx.body ?? {});
    return answer(ctx, id, () => tagsAfterPut(body.properties.tags));
  },

  patch(ctx, id) {
    const body = parseRequestContent(tagsPatchBody, ctx.body ?? {});
    return answer(ctx, id, (current) => tagsAfterPatch(current, body));
  },

  delete(ctx, id) {
    return answer(ctx, id, () => ({}));
  },
};
