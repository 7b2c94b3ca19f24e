/**
 * What-if: what a deployment would change, without changing anything. Each instance's body is
 * predicted (values known only once the deployment runs stay as their expression text, as in
 * Azure's what-if), compared with the resource as it stands: Create, Modify (with property
 * deltas), NoChange; resources of the group the template does not name are Ignore
 * (incremental) or Delete (complete). Nested inner-scoped deployments are expanded into the
 * changes of their own resources.
 */
import { DeferredValueError } from "./evaluation-errors.js";
import { deepEqual, getProperty, isObject, type Json, type JsonObject } from "./json-value.js";
import { isInnerDeploymentProperties, planDeployment, type DeploymentPlan, type PlannedResource } from "./deployment-plan.js";
import { resourceBody, runtimeCallbacks, TEMPLATE_ONLY_KEYS } from "./deployment-run.js";
import type { ResourceGateway } from "./resource-gateway.js";
import type { Host, Scope } from "./scope.js";
import { evaluateValue } from "./evaluator.js";

export type ChangeType = "Create" | "Delete" | "Modify" | "NoChange" | "Ignore" | "Deploy" | "Unsupported";

export interface PropertyChange {
  readonly path: string;
  readonly propertyChangeType: "Create" | "Delete" | "Modify" | "Array" | "NoEffect";
  readonly before?: Json;
  readonly after?: Json;
  readonly children?: PropertyChange[];
}

export interface WhatIfChange {
  readonly resourceId: string;
  readonly changeType: ChangeType;
  readonly before?: JsonObject;
  readonly after?: JsonObject;
  readonly delta?: PropertyChange[];
  readonly unsupportedReason?: string;
}

/** Keys Azure never reports as changed: the identity of the resource and what the service owns. */
const NOT_COMPARED = new Set(["id", "name", "type", "apiversion", "etag", "systemdata", "provisioningstate"]);

export async function whatIf(plan: DeploymentPlan, gateway: ResourceGateway, options: { readonly nested?: boolean } = {}): Promise<WhatIfChange[]> {
  const host = plan.context.host(runtimeCallbacks(plan, gateway, "whatIf"));
  const changes: WhatIfChange[] = [];
  for (const resource of plan.resources) {
    if (!resource.condition || resource.existing) continue;
    if (resource.isDeployment) {
      changes.push(...(await nestedChanges(plan, resource, host, gateway)));
      continue;
    }
    const after = await predictedBody(resource, host);
    const before = await gateway.get(resource.id, resource.apiVersion);
    if (before === undefined) {
      changes.push({ resourceId: resource.id, changeType: "Create", after });
      continue;
    }
    const delta = compareObjects(before, after, "");
    changes.push(
      delta.length === 0
        ? { resourceId: resource.id, changeType: "NoChange", before, after: before }
        : { resourceId: resource.id, changeType: "Modify", before, after: mergeForDisplay(before, after), delta },
    );
  }
  const { subscriptionId, resourceGroup } = plan.request.target;
  // Resources the template does not name: reported once, by the top-level deployment.
  if (subscriptionId !== undefined && resourceGroup !== undefined && options.nested !== true) {
    const named = new Set(plan.resources.filter((r) => r.condition).map((r) => r.id.toLowerCase()));
    for (const existing of await gateway.listResourceGroup(subscriptionId, resourceGroup)) {
      const id = String(existing.id ?? "");
      if (id === "" || named.has(id.toLowerCase()) || changes.some((c) => c.resourceId.toLowerCase() === id.toLowerCase())) continue;
      changes.push(
        plan.mode.toLowerCase() === "complete"
          ? { resourceId: id, changeType: "Delete", before: existing }
          : { resourceId: id, changeType: "Ignore", before: existing },
      );
    }
  }
  return changes;
}

/** The body as it would be PUT, with the resource's id, name, type and api-version. */
async function predictedBody(resource: PlannedResource, host: Host): Promise<JsonObject> {
  const body = await resourceBodyKeepingDeferred(resource, host);
  return { id: resource.id, name: resource.name.split("/").pop()!, type: resource.type, apiVersion: resource.apiVersion, ...body };
}

/** resourceBody, except that a value known only at deploy time stays as its expression text. */
async function resourceBodyKeepingDeferred(resource: PlannedResource, host: Host): Promise<JsonObject> {
  try {
    return await resourceBody(resource, host);
  } catch (error) {
    if (!(error instanceof DeferredValueError)) throw error;
  }
  const scope: Scope = { ...resource.scope, host };
  const body: JsonObject = {};
  for (const [key, value] of Object.entries(resource.definition)) {
    if (TEMPLATE_ONLY_KEYS.has(key.toLowerCase())) continue;
    body[key] = await predict(value, scope);
  }
  return body;
}

async function predict(value: Json, scope: Scope): Promise<Json> {
  try {
    return await evaluateValue(value, scope);
  } catch (error) {
    if (!(error instanceof DeferredValueError)) throw error;
  }
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (const v of value) out.push(await predict(v, scope));
    return out;
  }
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = await predict(v, scope);
    return out;
  }
  return value;
}

async function nestedChanges(plan: DeploymentPlan, resource: PlannedResource, host: Host, gateway: ResourceGateway): Promise<WhatIfChange[]> {
  const properties = getProperty(resource.definition, "properties");
  if (!isObject(properties)) return [];
  try {
    const body = await resourceBody(resource, host);
    const props = body.properties as JsonObject;
    const inner = isInnerDeploymentProperties(properties);
    const template = props.template;
    const child = await planDeployment({
      deploymentName: resource.name,
      template,
      parameters: inner ? (props.parameters ?? {}) : {},
      mode: typeof props.mode === "string" ? props.mode : "Incremental",
      target: resource.target,
      documents: await gateway.documentsFor(resource.target),
      ...(typeof body.location === "string" ? { location: body.location } : {}),
      budget: plan.context.budget,
    });
    return whatIf(child, gateway, { nested: true });
  } catch (error) {
    if (error instanceof DeferredValueError) {
      return [
        {
          resourceId: resource.id,
          changeType: "Unsupported",
          unsupportedReason: "The nested deployment's parameters depend on values known only once the deployment runs.",
        },
      ];
    }
    throw error;
  }
}

function normalizeLocation(value: Json | undefined): Json | undefined {
  return typeof value === "string" ? value.toLowerCase().replace(/\s+/g, "") : value;
}

/** Property deltas for the keys the template sets (values the service fills in are not changes). */
export function compareObjects(before: JsonObject, after: JsonObject, prefix: string): PropertyChange[] {
  const changes: PropertyChange[] = [];
  for (const [key, value] of Object.entries(after)) {
    if (prefix === "" && NOT_COMPARED.has(key.toLowerCase())) continue;
    if (NOT_COMPARED.has(key.toLowerCase()) && key.toLowerCase() === "provisioningstate") continue;
    const path = prefix === "" ? key : `${prefix}.${key}`;
    const old = getProperty(before, key);
    const compareOld = prefix === "" && key.toLowerCase() === "location" ? normalizeLocation(old) : old;
    const compareNew = prefix === "" && key.toLowerCase() === "location" ? normalizeLocation(value) : value;
    if (old === undefined) {
      if (value !== null) changes.push({ path, propertyChangeType: "Create", after: value });
      continue;
    }
    if (deepEqual(compareOld, compareNew)) continue;
    if (isObject(old) && isObject(value)) {
      changes.push(...compareObjects(old, value, path));
      continue;
    }
    if (Array.isArray(old) && Array.isArray(value)) {
      const children: PropertyChange[] = [];
      for (let i = 0; i < Math.max(old.length, value.length); i++) {
        if (i >= old.length) children.push({ path: String(i), propertyChangeType: "Create", after: value[i]! });
        else if (i >= value.length) children.push({ path: String(i), propertyChangeType: "Delete", before: old[i]! });
        else if (!deepEqual(old[i], value[i])) children.push({ path: String(i), propertyChangeType: "Modify", before: old[i]!, after: value[i]! });
      }
      changes.push({ path, propertyChangeType: "Array", before: old, after: value, children });
      continue;
    }
    changes.push({ path, propertyChangeType: "Modify", before: old, after: value });
  }
  return changes;
}

function mergeForDisplay(before: JsonObject, after: JsonObject): JsonObject {
  const out: JsonObject = { ...before };
  for (const [k, v] of Object.entries(after)) {
    const old = out[k];
    out[k] = isObject(old) && isObject(v) ? mergeForDisplay(old, v) : v;
  }
  return out;
}
