/**
 * A ResourceGateway over a Map, for unit tests: PUT stores the body with id/name/type, GET reads
 * it, and `refuse` makes chosen ids fail as a provider would (a lock, a conflict ...).
 */
import {
  OperationFailure,
  planDeployment,
  runDeployment,
  type DeploymentRequest,
  type JsonObject,
  type OperationRecord,
  type PutRequest,
  type ResourceGateway,
} from "../../src/index.js";

export const SUB = "11111111-2222-3333-4444-555555555555";
export const TENANT = "99999999-8888-7777-6666-555555555555";
export const RG = "rg1";
export const RG_ID = `/subscriptions/${SUB}/resourceGroups/${RG}`;

export class MemoryGateway implements ResourceGateway {
  readonly resources = new Map<string, JsonObject>();
  readonly puts: PutRequest[] = [];
  readonly refuse = new Map<string, { status: number; code: string; message: string }>();
  readonly actions = new Map<string, JsonObject>();

  async get(id: string): Promise<JsonObject | undefined> {
    return this.resources.get(id.toLowerCase());
  }

  async put(request: PutRequest) {
    this.puts.push(request);
    const refusal = this.refuse.get(request.id.toLowerCase());
    if (refusal !== undefined) throw new OperationFailure(refusal.status, { code: refusal.code, message: refusal.message });
    if (request.isDeployment) {
      const props = request.body.properties as JsonObject;
      const target = targetOf(request.id);
      const plan = await planDeployment({
        deploymentName: request.id.split("/").pop()!,
        template: props.template,
        parameters: props.parameters ?? {},
        target,
        documents: await this.documentsFor(target),
      });
      const outcome = await runDeployment(plan, this, { onOperation: () => undefined });
      if (outcome.error !== undefined) throw new OperationFailure(400, outcome.error);
      const stored = {
        id: request.id,
        name: request.id.split("/").pop()!,
        type: request.type,
        properties: { provisioningState: "Succeeded", outputs: outcome.outputs, outputResources: outcome.outputResources },
      };
      this.resources.set(request.id.toLowerCase(), stored);
      return { statusCode: 201, resource: stored };
    }
    const existed = this.resources.has(request.id.toLowerCase());
    const stored: JsonObject = {
      id: request.id,
      name: request.id.split("/").pop()!,
      type: request.type,
      ...request.body,
      properties: {
        ...((request.body.properties as JsonObject) ?? {}),
        provisioningState: "Succeeded",
        principalId: `principal-of-${request.id.split("/").pop()}`,
      },
    };
    this.resources.set(request.id.toLowerCase(), stored);
    return { statusCode: existed ? 200 : 201, resource: stored };
  }

  async post(id: string, _v: string, action: string) {
    const answer = this.actions.get(`${id}/${action}`.toLowerCase());
    if (answer === undefined) throw new OperationFailure(404, { code: "NotFound", message: `no ${action} for ${id}` });
    return answer;
  }

  async delete(id: string) {
    this.resources.delete(id.toLowerCase());
  }

  async listResourceGroup(sub: string, rg: string) {
    const prefix = `/subscriptions/${sub}/resourcegroups/${rg}/providers/`.toLowerCase();
    return [...this.resources.entries()].filter(([k]) => k.startsWith(prefix) && k.slice(prefix.length).split("/").length === 3).map(([, v]) => v);
  }

  async documentsFor(target: { subscriptionId?: string; resourceGroup?: string }) {
    if (target.resourceGroup === undefined) return {};
    return {
      resourceGroup: {
        id: `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`,
        name: target.resourceGroup,
        type: "Microsoft.Resources/resourceGroups",
        location: "westeurope",
        properties: { provisioningState: "Succeeded" },
      },
    };
  }
}

function targetOf(deploymentId: string) {
  const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?/i.exec(deploymentId);
  return { tenantId: TENANT, ...(m?.[1] ? { subscriptionId: m[1] } : {}), ...(m?.[2] ? { resourceGroup: m[2] } : {}) };
}

export function rgRequest(template: unknown, parameters: Record<string, unknown> = {}, extra: Partial<DeploymentRequest> = {}): DeploymentRequest {
  return {
    deploymentName: "main",
    template,
    parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { value: v }])),
    target: { tenantId: TENANT, subscriptionId: SUB, resourceGroup: RG },
    documents: {
      resourceGroup: {
        id: RG_ID,
        name: RG,
        type: "Microsoft.Resources/resourceGroups",
        location: "westeurope",
        properties: { provisioningState: "Succeeded" },
      },
    },
    ...extra,
  };
}

/** Plans and runs; answers the outcome, the operations and the gateway. */
export async function deploy(
  template: unknown,
  parameters: Record<string, unknown> = {},
  gateway = new MemoryGateway(),
  extra: Partial<DeploymentRequest> = {},
) {
  const plan = await planDeployment(rgRequest(template, parameters, extra));
  const operations: OperationRecord[] = [];
  const outcome = await runDeployment(plan, gateway, { onOperation: (op) => void operations.push(op) });
  return { plan, outcome, operations, gateway };
}

export function template(body: Record<string, unknown>): Record<string, unknown> {
  return { $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", contentVersion: "1.0.0.0", resources: [], ...body };
}

/** Evaluates one expression string through outputs of an empty template. */
export async function evaluate(
  expression: string,
  parameters: Record<string, { type: string; value?: unknown; defaultValue?: unknown }> = {},
  variables: Record<string, unknown> = {},
) {
  const defs = Object.fromEntries(
    Object.entries(parameters).map(([k, p]) => [k, { type: p.type, ...(p.defaultValue === undefined ? {} : { defaultValue: p.defaultValue }) }]),
  );
  const values = Object.fromEntries(
    Object.entries(parameters)
      .filter(([, p]) => p.value !== undefined)
      .map(([k, p]) => [k, p.value]),
  );
  const { outcome } = await deploy(template({ parameters: defs, variables, outputs: { result: { type: "object", value: { v: expression } } } }), values);
  if (outcome.error !== undefined) throw new Error(JSON.stringify(outcome.error));
  return (outcome.outputs.result as { value: { v: unknown } }).value.v;
}
