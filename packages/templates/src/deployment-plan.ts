/**
 * From a template and its parameters to a plan: parameters resolved, variables evaluated,
 * every resource instance expanded (conditions, copy loops, nested child resources) with its
 * type, name, api-version and id, and all instances ordered by their dependencies (explicit
 * dependsOn, and implicit ones from reference()/list*() of template resources). Everything
 * `validate` reports is found here, before anything is deployed.
 */
import { createHash } from "node:crypto";
import { childPath } from "./lenient-json.js";
import { EvaluationError } from "./evaluation-errors.js";
import { evaluateValue, copyCount } from "./evaluator.js";
import { calledFunctions, isExpression, parseCached, ExpressionSyntaxError, type Expression } from "./expression.js";
import { isKnownFunction } from "./functions/registry.js";
import { buildResourceId, providerPath } from "./functions/resources.js";
import { getProperty, isObject, type Json, type JsonObject } from "./json-value.js";
import { resolveParameters, type ResolvedParameter } from "./parameters.js";
import { rootScope, withCopy, type DeploymentTarget, type Scope } from "./scope.js";
import { at, invalidTemplate, noLocator, partFailure, type Locator } from "./template-errors.js";
import type { ScopeDocuments } from "./resource-gateway.js";
import type { BudgetLimits, EvaluationBudget } from "./evaluation-budget.js";
import { NO_RUNTIME, TemplateContext } from "./template-context.js";

export interface DeploymentRequest {
  readonly deploymentName: string;
  readonly template: unknown;
  /** {name: {value}} as sent in properties.parameters. */
  readonly parameters?: unknown;
  readonly mode?: string;
  readonly target: DeploymentTarget;
  /** The deployment's own location (subscription, management group and tenant deployments). */
  readonly location?: string;
  readonly documents?: ScopeDocuments;
  /** Positions in the request of template paths ("resources[0]") and of parameter names. */
  readonly locateTemplate?: Locator;
  readonly locateParameters?: Locator;
  readonly now?: Date;
  /** The evaluation's limits (default: DEFAULT_BUDGET). */
  readonly budgetLimits?: BudgetLimits;
  /**
   * The budget to spend instead of a new one: a nested template spends its parent's, so nesting
   * cannot multiply what one deployment may evaluate.
   */
  readonly budget?: EvaluationBudget;
}

export interface PlannedResource {
  /** Unique within the plan: "resources[0]", "resources[0][2]", or the symbolic name ("ids[2]"). */
  readonly key: string;
  readonly symbolicName: string | undefined;
  readonly loopName: string | undefined;
  readonly copyIndex: number | undefined;
  /** Template path of the definition, for error locations. */
  readonly path: string;
  readonly definition: JsonObject;
  /** The evaluation scope of this instance (its copy index bound). */
  readonly scope: Scope;
  readonly type: string;
  readonly name: string;
  readonly apiVersion: string;
  readonly id: string;
  readonly condition: boolean;
  readonly existing: boolean;
  /** Where a nested deployment runs (its own target); for other resources, the scope they live in. */
  readonly target: DeploymentTarget;
  readonly isDeployment: boolean;
  /** Keys of the instances this one waits for. */
  readonly dependsOn: string[];
  /** The evaluated dependsOn entries as written (ids, names, symbolic names, loop names). */
  readonly dependsOnRefs: readonly string[];
}

export interface DeploymentPlan {
  readonly request: DeploymentRequest;
  readonly template: JsonObject;
  readonly context: TemplateContext;
  readonly parameters: ReadonlyMap<string, ResolvedParameter>;
  /** Every instance, in an order that respects dependencies (declaration order otherwise). */
  readonly resources: readonly PlannedResource[];
  readonly templateHash: string;
  readonly mode: string;
  readonly symbolic: boolean;
  readonly locate: Locator;
}

const DEPLOYMENTS_TYPE = "microsoft.resources/deployments";

export async function planDeployment(request: DeploymentRequest): Promise<DeploymentPlan> {
  const locate = request.locateTemplate ?? noLocator;
  const template = request.template;
  if (!isObject(template)) throw invalidTemplate("The template must be a JSON object.");
  const languageVersion = getProperty(template, "languageVersion");
  const symbolic = typeof languageVersion === "string" && /^(2\.|1\.10)/.test(languageVersion);
  const resources = getProperty(template, "resources") ?? [];
  if (symbolic ? !isObject(resources) : !Array.isArray(resources)) {
    throw invalidTemplate(
      symbolic
        ? `The template 'resources' property must be an object of symbolic names when languageVersion is '${String(languageVersion)}'. Please see https://aka.ms/arm-syntax-resources for usage details.`
        : "The template 'resources' property must be an array. Use languageVersion '2.0' for symbolic names. Please see https://aka.ms/arm-syntax-resources for usage details.",
      locate("resources"),
    );
  }
  const mode = request.mode ?? "Incremental";
  const templateHash = hashTemplate(template);
  const context = new TemplateContext({
    deploymentName: request.deploymentName,
    template,
    target: request.target,
    ...(request.location === undefined ? {} : { location: request.location }),
    mode,
    documents: request.documents ?? {},
    now: request.now ?? new Date(),
    locate,
    templateHash,
    ...(request.budgetLimits === undefined ? {} : { budgetLimits: request.budgetLimits }),
    ...(request.budget === undefined ? {} : { budget: request.budget }),
  });
  checkExpressions(template, context, locate, "");

  const definitions = getProperty(template, "parameters");
  const provided = request.parameters ?? {};
  if (!isObject(provided)) throw invalidTemplate("The deployment parameters must be an object.");
  context.parameters = await resolveParameters(
    isObject(definitions) ? definitions : {},
    provided,
    (lookup) => context.host(NO_RUNTIME, { inParameterDefaults: true, parameter: lookup }),
    locate,
    request.locateParameters ?? noLocator,
  );
  await context.evaluateAllVariables();

  const planned = await expandResources(template, context, symbolic, locate);
  resolveDependencies(planned, locate);
  const ordered = orderByDependencies(planned, locate);
  return { request, template, context, parameters: context.parameters, resources: ordered, templateHash, mode, symbolic, locate };
}

/** A stable numeric hash like Azure's templateHash (deployment.properties.templateHash, calculateTemplateHash). */
export function hashTemplate(template: JsonObject): string {
  const digest = createHash("sha256").update(JSON.stringify(template)).digest();
  return (digest.readBigUInt64BE(0) & 0x7fffffffffffffffn).toString();
}

// ---------------------------------------------------------------------------------------------
// Static checks: every expression parses and calls only known functions.

function partOf(path: string, template: JsonObject): { part: string; name: string; path: string } {
  const m = /^(parameters|variables|outputs|functions)(?:\.([^.[]+)|\['([^']+)'\])?/.exec(path);
  if (m !== null) {
    const part = { parameters: "parameter", variables: "variable", outputs: "output", functions: "function" }[m[1] as "parameters"];
    const name = m[2] ?? m[3] ?? m[1]!;
    return { part, name, path: m[0] };
  }
  const r = /^resources(?:\[(\d+)\]|\.([^.[]+)|\['([^']+)'\])/.exec(path);
  if (r !== null) {
    const resources = getProperty(template, "resources");
    const def = Array.isArray(resources) ? resources[Number(r[1])] : isObject(resources) ? resources[(r[2] ?? r[3])!] : undefined;
    const name = isObject(def) && typeof def.name === "string" ? def.name : (r[2] ?? r[3] ?? r[0]);
    return { part: "resource", name, path: r[0] };
  }
  return { part: "expression", name: path, path };
}

function checkExpressions(template: JsonObject, context: TemplateContext, locate: Locator, prefix: string): void {
  const visit = (value: Json, path: string): void => {
    if (typeof value === "string") {
      if (!isExpression(value)) return;
      let expr: Expression;
      try {
        expr = parseCached(value);
      } catch (error) {
        if (!(error instanceof ExpressionSyntaxError)) throw error;
        const part = partOf(path, template);
        const location = locate(prefix + part.path);
        throw invalidTemplate(
          `The template ${part.part} '${part.name}'${at(location)} is not valid: The language expression '${value}' is not valid: ${error.message}.`,
          location,
        );
      }
      for (const name of calledFunctions(expr)) {
        if (isKnownFunction(name) || (name.includes(".") && context.hasUserFunction(name))) continue;
        const part = partOf(path, template);
        const location = locate(prefix + part.path);
        const original = findOriginalName(expr, name) ?? name;
        throw invalidTemplate(
          `The template ${part.part} '${part.name}'${at(location)} is not valid: The template function '${original}' is not valid. Please see https://aka.ms/arm-functions for usage details.`,
          location,
        );
      }
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, childPath(path, i)));
    else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        // An inner-scoped nested template is checked on its own, with its own functions.
        if (k === "template" && isInnerDeploymentProperties(value)) {
          if (isObject(v)) checkExpressions(v, new TemplateContext({ ...context.options, template: v }), locate, `${prefix}${childPath(path, k)}.`);
          continue;
        }
        visit(k, childPath(path, k));
        visit(v, childPath(path, k));
      }
    }
  };
  for (const [k, v] of Object.entries(template)) if (k !== "$schema") visit(v, k);
}

function findOriginalName(expr: Expression, lower: string): string | undefined {
  switch (expr.kind) {
    case "literal":
      return undefined;
    case "call":
      if (expr.name.toLowerCase() === lower) return expr.name;
      for (const a of expr.args) {
        const found = findOriginalName(a, lower);
        if (found !== undefined) return found;
      }
      return undefined;
    case "property":
      return findOriginalName(expr.target, lower);
    case "index":
      return findOriginalName(expr.target, lower) ?? findOriginalName(expr.index, lower);
  }
}

/** properties of a Microsoft.Resources/deployments resource whose template is evaluated in its own scope. */
export function isInnerDeploymentProperties(properties: JsonObject): boolean {
  const options = getProperty(properties, "expressionEvaluationOptions");
  const scope = isObject(options) ? getProperty(options, "scope") : undefined;
  return typeof scope === "string" && scope.toLowerCase() === "inner" && isObject(getProperty(properties, "template"));
}

// ---------------------------------------------------------------------------------------------
// Expansion: one PlannedResource per instance.

interface Definition {
  readonly path: string;
  readonly definition: JsonObject;
  readonly symbolicName: string | undefined;
  readonly parent: Definition | undefined;
  readonly keyBase: string;
}

function collectDefinitions(template: JsonObject, symbolic: boolean, locate: Locator): Definition[] {
  const out: Definition[] = [];
  const resources = getProperty(template, "resources");
  const add = (definition: Json, path: string, symbolicName: string | undefined, parent: Definition | undefined) => {
    if (!isObject(definition)) throw invalidTemplate(`The template resource at path '${path}'${at(locate(path))} must be an object.`, locate(path));
    const def: Definition = { path, definition, symbolicName, parent, keyBase: symbolicName ?? path };
    out.push(def);
    const children = getProperty(definition, "resources");
    if (Array.isArray(children)) children.forEach((c, i) => add(c, `${path}.resources[${i}]`, undefined, def));
  };
  if (symbolic && isObject(resources)) for (const [name, def] of Object.entries(resources)) add(def, childPath("resources", name), name, undefined);
  else if (Array.isArray(resources)) resources.forEach((def, i) => add(def, `resources[${i}]`, undefined, undefined));
  return out;
}

async function expandResources(template: JsonObject, context: TemplateContext, symbolic: boolean, locate: Locator): Promise<PlannedResource[]> {
  const planned: PlannedResource[] = [];
  const host = context.host(NO_RUNTIME);
  const byDefinition = new Map<Definition, PlannedResource[]>();
  for (const def of collectDefinitions(template, symbolic, locate)) {
    const location = locate(def.path);
    const rawName = typeof def.definition.name === "string" ? def.definition.name : (def.symbolicName ?? def.path);
    const instances: PlannedResource[] = [];
    const parents = def.parent === undefined ? [undefined] : (byDefinition.get(def.parent) ?? []);
    try {
      const copy = getProperty(def.definition, "copy");
      for (const parent of parents) {
        const baseScope = parent?.scope ?? rootScope(host);
        if (isObject(copy)) {
          const loopName = String(copy.name ?? "");
          if (loopName === "") throw new EvaluationError("The copy loop must have a 'name'. Please see https://aka.ms/arm-copy for usage details.");
          const count = await copyCount(copy.count, baseScope, loopName);
          for (let i = 0; i < count; i++) {
            instances.push(await instance(def, withCopy(baseScope, loopName, i), context, loopName, i, parent));
          }
        } else {
          instances.push(await instance(def, baseScope, context, undefined, undefined, parent));
        }
      }
    } catch (error) {
      throw partFailure("resource", rawName, location, error);
    }
    // Serial copy loops deploy in batches: each batch waits for the one before.
    const copy = getProperty(def.definition, "copy");
    if (isObject(copy) && typeof copy.mode === "string" && copy.mode.toLowerCase() === "serial") {
      const batch = typeof copy.batchSize === "number" && copy.batchSize > 0 ? copy.batchSize : 1;
      instances.forEach((r, i) => {
        for (let j = Math.max(0, i - batch - (i % batch)); j < i - (i % batch); j++) r.dependsOn.push(instances[j]!.key);
      });
    }
    byDefinition.set(def, instances);
    planned.push(...instances);
  }
  const seen = new Map<string, PlannedResource>();
  for (const r of planned) {
    if (!r.condition || r.existing) continue;
    const earlier = seen.get(r.id.toLowerCase());
    if (earlier !== undefined) {
      const location = locate(r.path);
      throw invalidTemplate(
        `The resource '${r.id}'${at(location)} is defined multiple times in a template. Please see https://aka.ms/arm-syntax-resources/#resources for usage details.`,
        location,
      );
    }
    seen.set(r.id.toLowerCase(), r);
  }
  return planned;
}

async function evaluateText(value: Json | undefined, scope: Scope, what: string): Promise<string> {
  const result = value === undefined ? undefined : await evaluateValue(value, scope);
  if (typeof result !== "string" || result === "") throw new EvaluationError(`The resource ${what} must be a non-empty string.`);
  return result;
}

async function instance(
  def: Definition,
  scope: Scope,
  context: TemplateContext,
  loopName: string | undefined,
  copyIndex: number | undefined,
  parent: PlannedResource | undefined,
): Promise<PlannedResource> {
  const d = def.definition;
  const conditionValue = d.condition === undefined ? true : await evaluateValue(d.condition, scope);
  if (typeof conditionValue !== "boolean")
    throw new EvaluationError(`The resource condition must evaluate to a boolean, not '${JSON.stringify(conditionValue)}'.`);
  let type = await evaluateText(d.type, scope, "type");
  let name = await evaluateText(d.name, scope, "name");
  if (parent !== undefined) {
    if (!type.includes("/")) type = `${parent.type}/${type}`;
    name = `${parent.name}/${name}`;
  }
  const apiVersion = d.apiVersion === undefined ? "" : await evaluateText(d.apiVersion, scope, "apiVersion");
  if (apiVersion === "" && !(d.existing === true)) throw new EvaluationError("The resource 'apiVersion' property is missing.");
  const existing = d.existing === true;
  const isDeployment = type.toLowerCase() === DEPLOYMENTS_TYPE;
  const base = context.target;
  let target = base;
  let id: string;

  const subscriptionId = d.subscriptionId === undefined ? undefined : await evaluateText(d.subscriptionId, scope, "subscriptionId");
  const resourceGroup = d.resourceGroup === undefined ? undefined : await evaluateText(d.resourceGroup, scope, "resourceGroup");
  const scopeValue = d.scope === undefined ? undefined : await evaluateText(d.scope, scope, "scope");

  if (isDeployment || subscriptionId !== undefined || resourceGroup !== undefined) {
    target = childTarget(base, subscriptionId, resourceGroup, isDeployment ? scopeValue : undefined);
  }
  const typeSegments = type.split("/").length - 1;
  const nameSegments = name.split("/").length;
  if (typeSegments !== nameSegments) {
    throw new EvaluationError(
      `The template resource '${name}' for type '${type}' has incorrect segment lengths. A nested resource type must have identical number of segments as its resource name. A root resource type must have segment length one greater than its resource name. Please see https://aka.ms/arm-syntax-resources for usage details.`,
    );
  }
  if (scopeValue !== undefined && !isDeployment) {
    id = `${extensionScope(scopeValue, target)}${providerPath(type, [name])}`;
  } else if (isDeployment) {
    id = `${targetScopeId(target)}/providers/Microsoft.Resources/deployments/${name}`;
  } else if (target.managementGroupId !== undefined && target.subscriptionId === undefined) {
    // At a management group, a resource without a scope is deployed at the group itself
    // (role assignments, policy definitions ...); only an explicit "scope": "/" reaches the tenant.
    id = `${targetScopeId(target)}${providerPath(type, [name])}`;
  } else {
    id = buildResourceId(target.subscriptionId, target.resourceGroup, type, [name]);
  }
  const key =
    def.symbolicName === undefined
      ? copyIndex === undefined
        ? def.keyBase
        : `${def.keyBase}[${copyIndex}]`
      : copyIndex === undefined
        ? def.symbolicName
        : `${def.symbolicName}[${copyIndex}]`;
  const dependsOn: string[] = parent === undefined ? [] : [parent.key];
  const dependsOnRefs: string[] = [];
  const explicit = getProperty(d, "dependsOn");
  if (explicit !== undefined && !Array.isArray(explicit)) throw new EvaluationError("The resource 'dependsOn' property must be an array.");
  for (const entry of explicit ?? []) {
    const ref = await evaluateValue(entry, scope);
    if (typeof ref !== "string") throw new EvaluationError(`Each dependsOn entry must be a string, not '${JSON.stringify(ref)}'.`);
    dependsOnRefs.push(ref);
  }
  return {
    dependsOnRefs,
    key: parent !== undefined && copyIndex === undefined && parent.copyIndex !== undefined ? `${key}(${parent.key})` : key,
    symbolicName: def.symbolicName,
    loopName,
    copyIndex,
    path: def.path,
    definition: d,
    scope,
    type,
    name,
    apiVersion,
    id,
    condition: conditionValue && (parent?.condition ?? true),
    existing,
    target,
    isDeployment,
    dependsOn,
  };
}

function childTarget(
  base: DeploymentTarget,
  subscriptionId: string | undefined,
  resourceGroup: string | undefined,
  scope: string | undefined,
): DeploymentTarget {
  if (scope !== undefined) {
    if (scope === "/" || scope === "") return { tenantId: base.tenantId };
    const mg = /managementGroups\/([^/]+)$/i.exec(scope);
    if (mg !== null) return { tenantId: base.tenantId, managementGroupId: mg[1]! };
  }
  if (subscriptionId !== undefined && resourceGroup === undefined) return { tenantId: base.tenantId, subscriptionId };
  const sub = subscriptionId ?? base.subscriptionId;
  if (resourceGroup !== undefined) return { tenantId: base.tenantId, ...(sub === undefined ? {} : { subscriptionId: sub }), resourceGroup };
  return base;
}

export function targetScopeId(target: DeploymentTarget): string {
  if (target.subscriptionId !== undefined) {
    return target.resourceGroup === undefined
      ? `/subscriptions/${target.subscriptionId}`
      : `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`;
  }
  if (target.managementGroupId !== undefined) return `/providers/Microsoft.Management/managementGroups/${target.managementGroupId}`;
  return "";
}

/** The scope of an extension resource: a full id, or "Namespace/type/name" relative to the deployment's scope. */
function extensionScope(scope: string, target: DeploymentTarget): string {
  if (scope.startsWith("/")) return scope.replace(/\/+$/, "");
  const parts = scope.split("/");
  if (parts.length >= 3) {
    const [namespace, ...rest] = parts;
    return `${targetScopeId(target)}/providers/${namespace}/${rest.join("/")}`;
  }
  throw new EvaluationError(`The resource scope '${scope}' is not valid: use a resource id or 'Namespace/type/name'.`);
}

// ---------------------------------------------------------------------------------------------
// Dependencies.

/** The plan's instances a reference names: symbolic name (or loop), resource id, "type/name", copy loop name, or resource name. */
export function resolveReference(resources: readonly PlannedResource[], ref: string): PlannedResource[] {
  const lower = ref.toLowerCase();
  const bySymbol = resources.filter((r) => r.symbolicName !== undefined && (r.key.toLowerCase() === lower || r.symbolicName.toLowerCase() === lower));
  if (bySymbol.length > 0) return bySymbol;
  const byId = resources.filter((r) => r.id.toLowerCase() === lower);
  if (byId.length > 0) return byId;
  const byTypeName = resources.filter(
    (r) => `${r.type}/${r.name}`.toLowerCase() === lower || providerPath(r.type, [r.name]).slice("/providers/".length).toLowerCase() === lower,
  );
  if (byTypeName.length > 0) return byTypeName;
  const byLoop = resources.filter((r) => r.loopName !== undefined && r.loopName.toLowerCase() === lower);
  if (byLoop.length > 0) return byLoop;
  return resources.filter((r) => r.name.toLowerCase() === lower);
}

function resolveDependencies(resources: PlannedResource[], locate: Locator): void {
  for (const r of resources) {
    const location = locate(r.path);
    for (const ref of r.dependsOnRefs) {
      const targets = resolveReference(resources, ref).filter((t) => t !== r);
      if (targets.length === 0) {
        throw invalidTemplate(`The resource '${ref}' is not defined in the template. Please see https://aka.ms/arm-syntax for usage details.`, location);
      }
      for (const t of targets) if (!r.dependsOn.includes(t.key)) r.dependsOn.push(t.key);
    }
  }
  // Implicit dependencies: reference()/list*()/resourceInfo() of a template resource.
  for (const r of resources) implicitDependencies(r, resources);
}

function implicitDependencies(r: PlannedResource, resources: readonly PlannedResource[]): void {
  const refs = new Set<string>();
  const walk = (value: Json, key: string | undefined): void => {
    if (typeof value === "string") {
      if (!isExpression(value)) return;
      try {
        collectReferenceArgs(parseCached(value), refs);
      } catch {
        // Syntax errors were reported by checkExpressions.
      }
    } else if (Array.isArray(value)) value.forEach((v) => walk(v, undefined));
    else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (k === "template" && isInnerDeploymentProperties(value)) continue;
        if (key === undefined && ["name", "type", "apiVersion", "dependsOn", "condition", "copy"].includes(k)) continue;
        walk(v, k);
      }
    }
  };
  walk(r.definition, undefined);
  for (const ref of refs) {
    for (const t of resolveReference(resources, ref)) if (t !== r && !r.dependsOn.includes(t.key) && !t.existing) r.dependsOn.push(t.key);
  }
}

/** Literal first arguments of reference()/list*()/resourceInfo() calls. */
function collectReferenceArgs(expr: Expression, into: Set<string>): void {
  switch (expr.kind) {
    case "literal":
      return;
    case "property":
      return collectReferenceArgs(expr.target, into);
    case "index":
      collectReferenceArgs(expr.target, into);
      return collectReferenceArgs(expr.index, into);
    case "call": {
      const lower = expr.name.toLowerCase();
      const first = expr.args[0];
      if ((lower === "reference" || lower === "resourceinfo" || lower.startsWith("list")) && first !== undefined) {
        if (first.kind === "literal" && typeof first.value === "string") into.add(first.value);
        else if (first.kind === "call" && first.args.every((a) => a.kind === "literal" && typeof a.value === "string")) {
          // resourceId('type', 'name'): compare on "type/name".
          const fn = first.name.toLowerCase();
          const literals = first.args.map((a) => (a as { value: string }).value);
          const t = literals.findIndex((s) => s.includes("/"));
          if ((fn === "resourceid" || fn === "subscriptionresourceid" || fn === "tenantresourceid") && t >= 0) {
            into.add(`${literals[t]}/${literals.slice(t + 1).join("/")}`);
          }
        }
      }
      for (const a of expr.args) collectReferenceArgs(a, into);
    }
  }
}

function orderByDependencies(resources: PlannedResource[], locate: Locator): PlannedResource[] {
  const byKey = new Map(resources.map((r) => [r.key, r]));
  const remaining = new Map(resources.map((r) => [r.key, new Set(r.dependsOn.filter((k) => byKey.has(k)))]));
  const ordered: PlannedResource[] = [];
  while (remaining.size > 0) {
    const ready = resources.find((r) => remaining.get(r.key)?.size === 0);
    if (ready === undefined) {
      const cycle = findCycle(
        resources.filter((r) => remaining.has(r.key)),
        remaining,
      );
      const location = locate(cycle[0]!.path);
      throw invalidTemplate(
        `Circular dependency detected on resource: ${cycle.map((r) => `'${r.id}'`).join(" and ")}. Please see https://aka.ms/arm-syntax-resources/#resources for usage details.`,
        location,
      );
    }
    ordered.push(ready);
    remaining.delete(ready.key);
    for (const deps of remaining.values()) deps.delete(ready.key);
  }
  return ordered;
}

function findCycle(candidates: PlannedResource[], edges: Map<string, Set<string>>): PlannedResource[] {
  const byKey = new Map(candidates.map((r) => [r.key, r]));
  let current = candidates[0]!;
  const seen: string[] = [];
  while (!seen.includes(current.key)) {
    seen.push(current.key);
    const next = [...(edges.get(current.key) ?? [])].map((k) => byKey.get(k)).find((r) => r !== undefined);
    if (next === undefined) break;
    current = next;
  }
  const start = seen.indexOf(current.key);
  return seen.slice(start < 0 ? 0 : start).map((k) => byKey.get(k)!);
}
