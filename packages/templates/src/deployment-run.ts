/**
 * Running a plan: each instance, in dependency order, has its body evaluated (reference() and
 * list*() now reach real resources through the gateway) and is PUT through the gateway;
 * every PUT is a deployment operation. A failed instance fails its dependents (they are not
 * attempted) but not independent ones, as in Azure. Then outputs are evaluated.
 */
import { armErrors, type ArmErrorBody } from "@azmi/arm-core";
import { DeferredValueError, EvaluationError } from "./evaluation-errors.js";
import { evaluateValue, expandCopy } from "./evaluator.js";
import { getProperty, isObject, typeName, type Json, type JsonObject } from "./json-value.js";
import { isInnerDeploymentProperties, resolveReference, type DeploymentPlan, type PlannedResource } from "./deployment-plan.js";
import { OperationFailure, statusName, type ResourceGateway } from "./resource-gateway.js";
import { rootScope, type Host, type Scope } from "./scope.js";
import { at, currentExpression, describeFailure } from "./template-errors.js";
import type { RuntimeCallbacks } from "./template-context.js";

/** Keys of a resource definition that are instructions to the engine, never sent to the provider. */
export const TEMPLATE_ONLY_KEYS: ReadonlySet<string> = new Set([
  "type",
  "apiversion",
  "name",
  "dependson",
  "condition",
  "copy",
  "comments",
  "resources",
  "scope",
  "existing",
  "subscriptionid",
  "resourcegroup",
  "import",
  "asserts",
  "$schema",
]);

export interface OperationRecord {
  readonly resource: PlannedResource | { readonly id: string; readonly type: string; readonly name: string; readonly apiVersion: string };
  readonly provisioningOperation: "Create" | "Delete";
  readonly provisioningState: "Succeeded" | "Failed";
  /** "OK", "Created", "Conflict" ... */
  readonly statusCode: string;
  /** The provider's error, as ARM shows it in statusMessage. */
  readonly error?: ArmErrorBody;
  readonly startTime: Date;
  readonly endTime: Date;
}

export interface RunObserver {
  onOperation(operation: OperationRecord): void | Promise<void>;
  /** Asked between resources: true stops the run (POST .../cancel). */
  cancelled?(): boolean;
}

export interface DeploymentOutcome {
  readonly outputs: JsonObject;
  readonly outputResources: Array<{ id: string }>;
  readonly error: ArmErrorBody | undefined;
  readonly cancelled: boolean;
}

type Phase = "deploy" | "whatIf";

/** reference()/list*()/resourceInfo() against the plan's resources and the gateway. */
export function runtimeCallbacks(plan: DeploymentPlan, gateway: ResourceGateway, phase: Phase): RuntimeCallbacks {
  const find = (target: string): PlannedResource | undefined => {
    const found = resolveReference(plan.resources, target);
    return found.length === 1 ? found[0] : found.find((r) => r.id.toLowerCase() === target.toLowerCase());
  };
  return {
    async reference(target, apiVersion, full) {
      const planned = find(target);
      if (planned === undefined && !target.startsWith("/"))
        throw new EvaluationError(
          `The resource '${target}' is not defined in the template. Please see https://aka.ms/arm-functions#reference for usage details.`,
        );
      if (planned !== undefined && !planned.condition) {
        throw new EvaluationError(
          `The template resource '${planned.name}' is not found: its condition is false, so it is not deployed. Please see https://aka.ms/arm-functions#reference for usage details.`,
        );
      }
      // what-if: a template resource that already exists answers its current state; one that
      // does not stays an unevaluated expression (below).
      const id = planned?.id ?? target;
      const version = apiVersion ?? (planned?.apiVersion || undefined);
      const resource = await gateway.get(id, version);
      if (resource === undefined) {
        if (phase === "whatIf") throw new DeferredValueError(`'${id}' does not exist yet`);
        throw new EvaluationError(
          `The Resource '${planned?.type ?? typeFromId(id)}/${planned?.name ?? id.split("/").pop()}' was not found. Resource id: '${id}'.`,
        );
      }
      if (full) return { ...resource, apiVersion: version ?? null };
      return getProperty(resource, "properties") ?? {};
    },
    async list(resourceId, apiVersion, action, body) {
      if (phase === "whatIf") throw new DeferredValueError(`${action}() is evaluated when the deployment runs`);
      return gateway.post(resourceId, apiVersion, action, body);
    },
    resourceInfo(symbolicName) {
      const planned = find(symbolicName);
      if (planned === undefined) throw new EvaluationError(`The resource '${symbolicName}' is not defined in the template.`);
      return { id: planned.id, name: planned.name, type: planned.type, apiVersion: planned.apiVersion };
    },
  };
}

function typeFromId(id: string): string {
  const parts = id.split("/").filter((p) => p !== "");
  const p = parts.lastIndexOf("providers");
  if (p < 0) return "resource";
  const rest = parts.slice(p + 1);
  return [rest[0], ...rest.slice(1).filter((_, i) => i % 2 === 0)].join("/");
}

/** The body sent to the provider: the definition without the engine's keys, evaluated. An inner-scoped nested template stays as written. */
export async function resourceBody(resource: PlannedResource, host: Host): Promise<JsonObject> {
  const scope: Scope = { ...resource.scope, host };
  const body: JsonObject = {};
  for (const [key, value] of Object.entries(resource.definition)) {
    if (TEMPLATE_ONLY_KEYS.has(key.toLowerCase())) continue;
    if (resource.isDeployment && key.toLowerCase() === "properties" && isObject(value) && isInnerDeploymentProperties(value)) {
      const properties: JsonObject = {};
      for (const [k, v] of Object.entries(value)) properties[k] = k === "template" ? v : await evaluateValue(v, scope);
      body[key] = properties;
      continue;
    }
    body[key] = await evaluateValue(value, scope);
  }
  return body;
}

/** "Unable to process template language expressions for resource ..." as a deployment error. */
function expressionFailure(plan: DeploymentPlan, resource: PlannedResource, error: unknown): ArmErrorBody {
  const location = plan.locate(resource.path);
  const reason = describeFailure(error, currentExpression(error));
  return {
    code: "InvalidTemplate",
    message: `Unable to process template language expressions for resource '${resource.id}'${at(location)}. '${reason}'`,
    ...(location === undefined ? {} : { additionalInfo: [{ type: "TemplateViolation", info: location }] }),
  };
}

export async function runDeployment(plan: DeploymentPlan, gateway: ResourceGateway, observer: RunObserver): Promise<DeploymentOutcome> {
  const host = plan.context.host(runtimeCallbacks(plan, gateway, "deploy"));
  const failed = new Set<string>();
  const details: ArmErrorBody[] = [];
  const outputResources: Array<{ id: string }> = [];
  // Complete mode keeps what modules deployed into the same group.
  const deployedByModules = new Set<string>();
  for (const resource of plan.resources) {
    if (observer.cancelled?.()) return { outputs: {}, outputResources, error: undefined, cancelled: true };
    if (!resource.condition || resource.existing) continue;
    if (resource.dependsOn.some((k) => failed.has(k))) {
      failed.add(resource.key);
      continue;
    }
    const startTime = new Date();
    let body: JsonObject;
    try {
      body = await resourceBody(resource, host);
    } catch (error) {
      failed.add(resource.key);
      const detail = expressionFailure(plan, resource, error);
      details.push(detail);
      await observer.onOperation({
        resource,
        provisioningOperation: "Create",
        provisioningState: "Failed",
        statusCode: "BadRequest",
        error: detail,
        startTime,
        endTime: new Date(),
      });
      continue;
    }
    try {
      const answer = await gateway.put({ id: resource.id, type: resource.type, apiVersion: resource.apiVersion, body, isDeployment: resource.isDeployment });
      outputResources.push({ id: resource.id });
      if (resource.isDeployment) for (const id of nestedResourceIds(answer.resource)) deployedByModules.add(id.toLowerCase());
      await observer.onOperation({
        resource,
        provisioningOperation: "Create",
        provisioningState: "Succeeded",
        statusCode: statusName(answer.statusCode),
        startTime,
        endTime: new Date(),
      });
    } catch (error) {
      if (!(error instanceof OperationFailure)) throw error;
      failed.add(resource.key);
      details.push({ ...error.error, target: error.error.target ?? resource.id });
      await observer.onOperation({
        resource,
        provisioningOperation: "Create",
        provisioningState: "Failed",
        statusCode: statusName(error.statusCode),
        error: error.error,
        startTime,
        endTime: new Date(),
      });
    }
  }
  if (details.length > 0) return { outputs: {}, outputResources, error: armErrors.deploymentFailed(details).toBody().error, cancelled: false };

  if (plan.mode.toLowerCase() === "complete") {
    const deleteError = await deleteUnlisted(plan, gateway, observer, deployedByModules);
    if (deleteError !== undefined) return { outputs: {}, outputResources, error: deleteError, cancelled: false };
  }

  const outputs = await evaluateOutputs(plan, host);
  if ("error" in outputs) return { outputs: {}, outputResources, error: outputs.error, cancelled: false };
  return { outputs: outputs.values, outputResources, error: undefined, cancelled: false };
}

/** Complete mode: resources of the group the template does not name are deleted. */
function nestedResourceIds(deployment: JsonObject | undefined): string[] {
  const properties = deployment === undefined ? undefined : getProperty(deployment, "properties");
  const resources = isObject(properties) ? getProperty(properties, "outputResources") : undefined;
  return Array.isArray(resources) ? resources.filter(isObject).map((r) => String(r.id ?? "")) : [];
}

async function deleteUnlisted(
  plan: DeploymentPlan,
  gateway: ResourceGateway,
  observer: RunObserver,
  keepAlso: ReadonlySet<string>,
): Promise<ArmErrorBody | undefined> {
  const { subscriptionId, resourceGroup } = plan.request.target;
  if (subscriptionId === undefined || resourceGroup === undefined) return undefined;
  const keep = new Set([...plan.resources.filter((r) => r.condition).map((r) => r.id.toLowerCase()), ...keepAlso]);
  const details: ArmErrorBody[] = [];
  for (const resource of await gateway.listResourceGroup(subscriptionId, resourceGroup)) {
    const id = String(resource.id ?? "");
    if (id === "" || keep.has(id.toLowerCase())) continue;
    const startTime = new Date();
    const record = { id, type: String(resource.type ?? ""), name: String(resource.name ?? ""), apiVersion: "" };
    try {
      await gateway.delete(id);
      await observer.onOperation({
        resource: record,
        provisioningOperation: "Delete",
        provisioningState: "Succeeded",
        statusCode: "OK",
        startTime,
        endTime: new Date(),
      });
    } catch (error) {
      if (!(error instanceof OperationFailure)) throw error;
      details.push({ ...error.error, target: id });
      await observer.onOperation({
        resource: record,
        provisioningOperation: "Delete",
        provisioningState: "Failed",
        statusCode: statusName(error.statusCode),
        error: error.error,
        startTime,
        endTime: new Date(),
      });
    }
  }
  return details.length === 0 ? undefined : armErrors.deploymentFailed(details).toBody().error;
}

const OUTPUT_TYPES: Readonly<Record<string, { display: string; check: (v: Json) => boolean }>> = {
  string: { display: "String", check: (v) => typeof v === "string" },
  securestring: { display: "SecureString", check: (v) => typeof v === "string" },
  int: { display: "Int", check: (v) => typeof v === "number" && Number.isInteger(v) },
  bool: { display: "Bool", check: (v) => typeof v === "boolean" },
  object: { display: "Object", check: (v) => isObject(v) },
  secureobject: { display: "SecureObject", check: (v) => isObject(v) },
  array: { display: "Array", check: (v) => Array.isArray(v) },
};

export async function evaluateOutputs(plan: DeploymentPlan, host: Host): Promise<{ values: JsonObject } | { error: ArmErrorBody }> {
  const definitions = getProperty(plan.template, "outputs");
  const values: JsonObject = {};
  if (!isObject(definitions)) return { values };
  const scope = rootScope(host);
  for (const [name, definition] of Object.entries(definitions)) {
    if (!isObject(definition)) continue;
    try {
      if (definition.condition !== undefined && (await evaluateValue(definition.condition, scope)) !== true) continue;
      const copy = getProperty(definition, "copy");
      let value: Json;
      if (isObject(copy)) {
        value = await expandCopy({ name: name, count: copy.count ?? 0, input: copy.input ?? null }, scope);
      } else {
        value = await evaluateValue(definition.value ?? null, scope);
      }
      const type = typeof definition.type === "string" ? OUTPUT_TYPES[definition.type.toLowerCase()] : undefined;
      if (type !== undefined && !type.check(value)) {
        throw new EvaluationError(`Template output JToken type is not valid. Expected '${type.display}'. Actual '${typeName(value)}'.`);
      }
      const display = type?.display ?? (typeof definition.type === "string" ? definition.type : "Object");
      values[name] = display.startsWith("Secure") ? { type: display } : { type: display, value };
    } catch (error) {
      const reason = describeFailure(error, currentExpression(error));
      const location = plan.locate(`outputs.${name}`);
      return {
        error: {
          code: "DeploymentOutputEvaluationFailed",
          message: `Unable to evaluate template outputs: '${name}'. Please see error details and deployment operations. Please see https://aka.ms/arm-common-errors for usage details.`,
          details: [
            { code: "DeploymentOutputEvaluationFailed", target: name, message: `The template output '${name}'${at(location)} is not valid: ${reason}.` },
          ],
        },
      };
    }
  }
  return { values };
}
