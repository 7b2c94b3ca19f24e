/**
 * Resource and deployment functions: resourceId and its scoped variants, reference,
 * resourceInfo, list* (through the host's callbacks), parameters, copyIndex, and the scope
 * objects (deployment, environment, resourceGroup, subscription, tenant, managementGroup).
 */
import { badArguments, EvaluationError } from "../evaluation-errors.js";
import type { Json } from "../json-value.js";
import type { DeploymentTarget, Scope } from "../scope.js";
import { fn, int, str, type FunctionTable } from "./function.js";

/** `/providers/{ns}/{t1}/{n1}/{t2}/{n2}` for a full type and its names. */
export function providerPath(resourceType: string, names: readonly string[], name = "resourceId"): string {
  const [namespace, ...types] = resourceType.split("/");
  const flatNames = names.flatMap((n) => n.split("/"));
  if (namespace === undefined || namespace === "" || types.length === 0 || types.some((t) => t === "")) {
    throw badArguments(name, `the type '${resourceType}' is not a valid fully qualified resource type`);
  }
  if (flatNames.length !== types.length) {
    throw badArguments(name, `the type '${resourceType}' requires '${types.length}' resource name argument(s)`);
  }
  return `/providers/${namespace}${types.map((t, i) => `/${t}/${flatNames[i]}`).join("")}`;
}

function scopePrefix(subscriptionId: string | undefined, resourceGroup: string | undefined): string {
  if (subscriptionId === undefined) return "";
  return resourceGroup === undefined ? `/subscriptions/${subscriptionId}` : `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

/** The id of a resource of `type` named `names` under the given subscription and group (tenant level without a subscription). */
export function buildResourceId(
  subscriptionId: string | undefined,
  resourceGroup: string | undefined,
  type: string,
  names: readonly string[],
  name = "resourceId",
): string {
  const lower = type.toLowerCase();
  if (lower === "microsoft.resources/resourcegroups" && subscriptionId !== undefined && names.length === 1)
    return `/subscriptions/${subscriptionId}/resourceGroups/${names[0]}`;
  if (lower === "microsoft.resources/subscriptions" && names.length === 1) return `/subscriptions/${names[0]}`;
  return scopePrefix(subscriptionId, resourceGroup) + providerPath(type, names, name);
}

function typeIndex(args: readonly Json[], name: string): number {
  const index = args.findIndex((a) => typeof a === "string" && a.includes("/"));
  if (index < 0) throw badArguments(name, "no fully qualified resource type (namespace/type) was given");
  for (let i = 0; i < args.length; i++) str(args, i, name);
  return index;
}

function resourceId(args: readonly Json[], target: DeploymentTarget, name: string): string {
  const t = typeIndex(args, name);
  if (t > 2) throw badArguments(name, "at most a subscription id and a resource group name may precede the resource type");
  const type = args[t] as string;
  const names = args.slice(t + 1) as string[];
  if (t === 2) return buildResourceId(args[0] as string, args[1] as string, type, names, name);
  if (t === 1) {
    if (target.subscriptionId === undefined) throw badArguments(name, "a resource group name cannot be used outside a subscription");
    return buildResourceId(target.subscriptionId, args[0] as string, type, names, name);
  }
  return buildResourceId(target.subscriptionId, target.resourceGroup, type, names, name);
}

function resourceArgs(args: readonly Json[], name: string, maxPrefix: number): { prefix: string[]; type: string; names: string[] } {
  const t = typeIndex(args, name);
  if (t > maxPrefix) throw badArguments(name, "too many arguments precede the resource type");
  return { prefix: args.slice(0, t) as string[], type: args[t] as string, names: args.slice(t + 1) as string[] };
}

function copyIndex(args: readonly Json[], scope: Scope, name: string): number {
  let loop: string | undefined;
  let offset = 0;
  if (args.length === 1) {
    if (typeof args[0] === "string") loop = args[0];
    else offset = int(args, 0, name);
  } else if (args.length === 2) {
    loop = str(args, 0, name);
    offset = int(args, 1, name);
  }
  const frames = scope.copies;
  const frame = loop === undefined ? frames[frames.length - 1] : [...frames].reverse().find((f) => f.name.toLowerCase() === loop!.toLowerCase());
  if (frame === undefined) {
    throw new EvaluationError(
      loop === undefined
        ? "The template function 'copyIndex' is not expected at this location. The function can only be used in a resource with copy specified. Please see https://aka.ms/arm-copy for usage details."
        : `The template function 'copyIndex' has an invalid copy loop name '${loop}'. The copy loop name must be one of the enclosing copy loops. Please see https://aka.ms/arm-copy for usage details.`,
    );
  }
  return frame.index + offset;
}

export const resourceFunctions: FunctionTable = {
  parameters: fn(1, 1, (args, scope, name) => scope.host.parameter(str(args, 0, name))),
  variables: fn(1, 1, (args, scope, name) => scope.host.variable(str(args, 0, name))),
  copyindex: fn(0, 2, (args, scope, name) => copyIndex(args, scope, name)),
  deployment: fn(0, 0, (_a, scope) => scope.host.deployment()),
  environment: fn(0, 0, (_a, scope) => scope.host.environment()),
  resourcegroup: fn(0, 0, (_a, scope) => scope.host.resourceGroup()),
  subscription: fn(0, 0, (_a, scope) => scope.host.subscription()),
  tenant: fn(0, 0, (_a, scope) => scope.host.tenant()),
  managementgroup: fn(0, 1, (_a, scope) => scope.host.managementGroup()),
  resourceid: fn(2, undefined, (args, scope, name) => resourceId(args, scope.host.target, name)),
  subscriptionresourceid: fn(2, undefined, (args, scope, name) => {
    const { prefix, type, names } = resourceArgs(args, name, 1);
    const subscriptionId = prefix[0] ?? scope.host.target.subscriptionId;
    if (subscriptionId === undefined) throw badArguments(name, "there is no subscription at this deployment scope; pass the subscription id");
    return buildResourceId(subscriptionId, undefined, type, names, name);
  }),
  tenantresourceid: fn(2, undefined, (args, _scope, name) => {
    const { type, names } = resourceArgs(args, name, 0);
    return providerPath(type, names, name);
  }),
  managementgroupresourceid: fn(2, undefined, (args, scope, name) => {
    const { prefix, type, names } = resourceArgs(args, name, 1);
    const group = prefix[0] ?? scope.host.target.managementGroupId;
    if (group === undefined) throw badArguments(name, "there is no management group at this deployment scope; pass the management group id");
    return `/providers/Microsoft.Management/managementGroups/${group}${providerPath(type, names, name)}`;
  }),
  extensionresourceid: fn(3, undefined, (args, _scope, name) => {
    const base = str(args, 0, name).replace(/\/+$/, "");
    const { type, names } = resourceArgs(args.slice(1), name, 0);
    return `${base}${providerPath(type, names, name)}`;
  }),
  reference: fn(1, 3, (args, scope, name) => {
    const target = str(args, 0, name);
    const apiVersion = args.length > 1 && args[1] !== null ? str(args, 1, name) : undefined;
    const full = args.length > 2 && typeof args[2] === "string" && args[2].toLowerCase() === "full";
    return scope.host.reference(target, apiVersion, full);
  }),
  resourceinfo: fn(1, 1, (args, scope, name) => scope.host.resourceInfo(str(args, 0, name))),
  pickzones: fn(3, 5, () => []),
};

/** list*(resourceId, apiVersion, [body]): any function whose name starts with "list". */
export function listFunction() {
  return fn(2, 3, (args, scope, name) => scope.host.list(str(args, 0, name), str(args, 1, name), name, args[2] ?? undefined));
}
