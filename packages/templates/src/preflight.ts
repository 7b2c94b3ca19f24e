/**
 * Preflight of nested deployments: a module whose parameters can be evaluated before anything
 * is deployed is planned too, so `validate` reports its template errors (bad parameters,
 * unknown functions, cycles) as Azure's preflight does. Modules whose parameters depend on
 * values known only at deploy time are checked when they run.
 */
import { DeferredValueError } from "./evaluation-errors.js";
import { isObject, type JsonObject } from "./json-value.js";
import { isInnerDeploymentProperties, planDeployment, type DeploymentPlan } from "./deployment-plan.js";
import { resourceBody, runtimeCallbacks } from "./deployment-run.js";
import { OperationFailure, type ResourceGateway } from "./resource-gateway.js";

/** Plans every nested deployment that can be planned now; throws what planning throws. Answers the plans. */
export async function preflightNested(plan: DeploymentPlan, gateway: ResourceGateway): Promise<DeploymentPlan[]> {
  const host = plan.context.host(runtimeCallbacks(plan, gateway, "whatIf"));
  const plans: DeploymentPlan[] = [];
  for (const resource of plan.resources) {
    if (!resource.isDeployment || !resource.condition) continue;
    let body: JsonObject;
    try {
      body = await resourceBody(resource, host);
    } catch (error) {
      if (error instanceof DeferredValueError) continue;
      throw error;
    }
    const properties = isObject(body.properties) ? body.properties : {};
    const definitionProperties = isObject(resource.definition.properties) ? resource.definition.properties : {};
    let documents;
    try {
      documents = await gateway.documentsFor(resource.target);
    } catch (error) {
      // A group created by this same deployment does not exist yet: checked when the module runs.
      if (error instanceof OperationFailure && error.statusCode === 404) continue;
      throw error;
    }
    const child = await planDeployment({
      deploymentName: resource.name,
      template: properties.template,
      parameters: isInnerDeploymentProperties(definitionProperties) ? (properties.parameters ?? {}) : {},
      mode: typeof properties.mode === "string" ? properties.mode : "Incremental",
      target: resource.target,
      documents,
      budget: plan.context.budget,
      ...(typeof body.location === "string" ? { location: body.location } : {}),
    });
    plans.push(child, ...(await preflightNested(child, gateway)));
  }
  return plans;
}
