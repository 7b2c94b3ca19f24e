/**
 * Microsoft.Resources/deploymentStacks at resource-group and subscription scope (`az stack
 * group|sub`): PUT (long-running: 201/200 with Azure-AsyncOperation, the run in stack-run.ts),
 * GET, list, DELETE (with `unmanageAction.Resources|ResourceGroups|ManagementGroups`), and the
 * actions validate and exportTemplate. The rules (body, managed resources, deny assignments)
 * are @azmi/templates'.
 */
import { randomUUID } from "node:crypto";
import { armErrors, stampSystemData, type ResourceId, type SystemData } from "@azmi/arm-core";
import {
  DEPLOYMENT_STACK_TYPE,
  deleteStack,
  getStack,
  listStacks,
  parseStackBody,
  putStack,
  runId,
  UNMANAGE_ACTIONS,
  type ActionOnUnmanage,
  type JsonObject,
  type StackBody,
  type StackRecord,
  type UnmanageAction,
} from "@azmi/templates";
import type { ArmContext, ArmResult, ResourceTypeHandler } from "../../arm/contract.js";
import { actorOf } from "../actor.js";
import { pagedList } from "../resources/list-answer.js";
import { DEPLOYMENT_STACK_API_VERSIONS, STACK_DEPLOYMENT_API_VERSION } from "./api-versions.js";
import { liftDenyAssignments, managedIds, runStack, unmanage } from "./stack-run.js";
import { stackScopeAt, type StackScope } from "./stack-scope.js";

function requireRecord(ctx: ArmContext, id: ResourceId): StackRecord {
  stackScopeAt(ctx, id.parent!);
  const record = getStack(ctx.services.store, id.id);
  if (record === undefined) throw armErrors.deploymentStackNotFound(id.name!);
  return record;
}

/** The stack's path in the caller's casing, for Azure-AsyncOperation. */
function echoPath(ctx: ArmContext, id: ResourceId): string {
  const raw = ctx.rawPath.replace(/\/+$/, "");
  const marker = `/deploymentStacks/${id.name}`.toLowerCase();
  const at = raw.toLowerCase().lastIndexOf(marker);
  return at < 0 ? id.id : raw.slice(0, at + marker.length);
}

function parsedBody(ctx: ArmContext, id: ResourceId, where: StackScope): StackBody {
  const body = parseStackBody(ctx.body);
  if (where.needsLocation && body.location === undefined)
    throw armErrors.invalidDeployment(`The 'location' property must be specified for '${id.name ?? ""}'.`);
  return body;
}

/** The properties a stack shows for what it was sent. */
function sentProperties(body: StackBody): JsonObject {
  const p = body.properties;
  return {
    actionOnUnmanage: { ...p.actionOnUnmanage } as JsonObject,
    denySettings: {
      mode: p.denySettings.mode,
      excludedPrincipals: p.denySettings.excludedPrincipals ?? [],
      excludedActions: p.denySettings.excludedActions ?? [],
      applyToChildScopes: p.denySettings.applyToChildScopes ?? false,
    },
    ...(p.description === undefined || p.description === null ? {} : { description: p.description }),
    ...(p.deploymentScope === undefined || p.deploymentScope === null ? {} : { deploymentScope: p.deploymentScope }),
    parameters: (p.parameters ?? {}) as JsonObject,
  };
}

function put(ctx: ArmContext, id: ResourceId): ArmResult {
  const where = stackScopeAt(ctx, id.parent!);
  const body = parsedBody(ctx, id, where);
  if (ctx.services.deploymentRuns.active(id.id) !== undefined) throw armErrors.deploymentActive(id.name!);
  const existing = getStack(ctx.services.store, id.id);
  const run = runId();
  const correlationId = ctx.requestId || randomUUID();
  const previous = existing?.document.properties;
  const record: StackRecord = {
    document: {
      id: existing?.document.id ?? id.id,
      name: existing?.document.name ?? id.name!,
      type: DEPLOYMENT_STACK_TYPE,
      ...(where.needsLocation && body.location !== undefined ? { location: body.location } : {}),
      ...(body.tags === undefined || body.tags === null ? {} : { tags: body.tags }),
      systemData: stampSystemData(actorOf(ctx), new Date().toISOString(), existing?.document.systemData as SystemData | undefined) as unknown as JsonObject,
      properties: {
        ...sentProperties(body),
        provisioningState: "deploying",
        correlationId,
        resources: (previous?.resources as JsonObject[] | undefined) ?? [],
        deletedResources: [],
        detachedResources: [],
        failedResources: [],
      },
    },
    template: body.properties.template as JsonObject,
    runId: run,
    scopeKey: where.scope.key,
  };
  ctx.services.store.transaction(() => putStack(ctx.services.store, record));
  ctx.services.deploymentRuns.start(id.id, run, () =>
    runStack({ services: ctx.services, stackId: record.document.id, scope: where.scope, body, caller: ctx.caller, baseUrl: ctx.baseUrl, correlationId }),
  );
  return {
    status: existing === undefined ? 201 : 200,
    body: record.document,
    headers: {
      "Azure-AsyncOperation": `${ctx.baseUrl}${echoPath(ctx, id)}/operationStatuses/${run}?api-version=${encodeURIComponent(ctx.apiVersion)}`,
      "Retry-After": "0",
    },
  };
}

/** `unmanageAction.Resources` and its siblings, as the DELETE takes them (detach when absent, as Azure). */
function unmanageQuery(ctx: ArmContext): ActionOnUnmanage {
  const read = (name: string): UnmanageAction | undefined => {
    const value = [...ctx.query.entries()].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
    if (value === undefined) return undefined;
    const found = UNMANAGE_ACTIONS.find((a) => a.toLowerCase() === value.toLowerCase());
    if (found === undefined)
      throw armErrors.invalidRequestContent(`The value '${value}' of '${name}' is not one of ${UNMANAGE_ACTIONS.map((a) => `'${a}'`).join(", ")}.`);
    return found;
  };
  const resourceGroups = read("unmanageAction.ResourceGroups");
  const managementGroups = read("unmanageAction.ManagementGroups");
  return {
    resources: read("unmanageAction.Resources") ?? "detach",
    ...(resourceGroups === undefined ? {} : { resourceGroups }),
    ...(managementGroups === undefined ? {} : { managementGroups }),
  };
}

async function remove(ctx: ArmContext, id: ResourceId): Promise<ArmResult> {
  stackScopeAt(ctx, id.parent!);
  const record = getStack(ctx.services.store, id.id);
  if (record === undefined) return { status: 204 };
  if (ctx.services.deploymentRuns.active(id.id) !== undefined) throw armErrors.deploymentActive(id.name!);
  const action = unmanageQuery(ctx);
  liftDenyAssignments(ctx.services, record.document.id);
  const outcome = await unmanage(
    { services: ctx.services, stackId: record.document.id, caller: ctx.caller, baseUrl: ctx.baseUrl, correlationId: ctx.requestId },
    managedIds(record.document.properties),
    action,
  );
  if (outcome.failed.length > 0) {
    const failed = outcome.failed.map((f) => ({ id: f.id }));
    ctx.services.store.transaction(() =>
      putStack(ctx.services.store, {
        ...record,
        document: { ...record.document, properties: { ...record.document.properties, provisioningState: "failed", failedResources: failed } },
      }),
    );
    throw armErrors.deploymentStackDeleteResourcesFailed(outcome.failed.map((f) => `'${f.id}' (${f.error.code}: ${f.error.message})`));
  }
  ctx.services.store.transaction(() => deleteStack(ctx.services.store, id.id));
  return { status: 200 };
}

async function validate(ctx: ArmContext, id: ResourceId): Promise<ArmResult> {
  const where = stackScopeAt(ctx, id.parent!);
  const body = parsedBody(ctx, id, where);
  const answer = await ctx.services.arm.call({
    method: "POST",
    path: `${where.scope.id}/providers/Microsoft.Resources/deployments/${id.name!.slice(0, 64)}/validate`,
    apiVersion: STACK_DEPLOYMENT_API_VERSION,
    body: {
      ...(where.needsLocation ? { location: body.location } : {}),
      properties: { mode: "Incremental", template: body.properties.template, parameters: body.properties.parameters ?? {} },
    },
    baseUrl: ctx.baseUrl,
    caller: ctx.caller,
    correlationId: ctx.requestId,
  });
  // A template that does not validate: 400 with the error, which az shows before creating anything.
  if (answer.status >= 400) return { status: answer.status, body: answer.body };
  const validated = ((answer.body as { properties?: { validatedResources?: unknown } } | undefined)?.properties?.validatedResources ?? []) as JsonObject[];
  return {
    status: 200,
    body: {
      id: id.id,
      name: id.name,
      type: DEPLOYMENT_STACK_TYPE,
      properties: { ...sentProperties(body), correlationId: ctx.requestId, validatedResources: validated },
    },
  };
}

function exportTemplate(ctx: ArmContext, id: ResourceId): ArmResult {
  return { status: 200, body: { template: requireRecord(ctx, id).template } };
}

export const deploymentStacksHandler: ResourceTypeHandler = {
  resourceType: DEPLOYMENT_STACK_TYPE,
  apiVersions: DEPLOYMENT_STACK_API_VERSIONS,
  put,
  get(ctx, id) {
    return { status: 200, body: requireRecord(ctx, id).document };
  },
  delete: remove,
  list(ctx, parent) {
    stackScopeAt(ctx, parent);
    return pagedList(
      ctx,
      listStacks(ctx.services.store, parent.key),
      (r) => r.document.id.toLowerCase(),
      (r) => r.document,
    );
  },
  actions: { validate, exportTemplate },
};
