/**
 * The ResourceGateway a deployment runs through: every read, write, delete and list* call is
 * an ARM request sent through azmi's own pipeline (services.arm.call, arm/runner.ts) as the deployment's
 * caller, so RBAC in strict mode, locks and each provider's validation apply exactly as they
 * would to the same request made directly. A nested deployment is PUT like any resource and
 * then waited for.
 */
import { armErrors, parseResourceId, type ArmErrorBody } from "@azmi/arm-core";
import {
  OperationFailure,
  type DeploymentTarget,
  type Json,
  type JsonObject,
  type PutRequest,
  type ResourceGateway,
  type ScopeDocuments,
  getDeployment,
} from "@azmi/templates";
import type { Caller } from "../../contract/caller.js";
import type { InProcessAnswer } from "../../contract/arm-calls.js";
import type { Services } from "../../services.js";
import { scopeDocumentsOf } from "./deployment-scope.js";

/** For a type whose versions azmi does not list (generic resources), any well-formed version is accepted. */
const FALLBACK_API_VERSION = "2023-01-01";

export interface GatewayOptions {
  readonly services: Services;
  readonly caller: Caller;
  readonly baseUrl: string;
  readonly correlationId: string;
}

function errorOf(answer: InProcessAnswer): ArmErrorBody {
  const error = (answer.body as { error?: ArmErrorBody } | undefined)?.error;
  return error ?? { code: String(answer.status), message: `The request failed with status ${answer.status}.` };
}

function typeOfId(id: string): string | undefined {
  try {
    return parseResourceId(id).resourceType;
  } catch {
    return undefined;
  }
}

export function armGateway(options: GatewayOptions): ResourceGateway {
  const { services, caller, baseUrl, correlationId } = options;
  const send = (method: "GET" | "PUT" | "POST" | "DELETE", path: string, apiVersion: string, body?: unknown) =>
    services.arm.call({ method, path, apiVersion, body, baseUrl, caller, correlationId });
  const versionFor = (id: string, requested: string | undefined): string => {
    if (requested !== undefined && requested !== "") return requested;
    const type = typeOfId(id);
    const supported = type === undefined ? undefined : services.apiVersions.supported(type);
    return supported?.find((v) => !v.includes("preview")) ?? supported?.[0] ?? FALLBACK_API_VERSION;
  };

  const gateway: ResourceGateway = {
    async get(id, apiVersion) {
      const answer = await send("GET", id, versionFor(id, apiVersion));
      if (answer.status === 404) return undefined;
      if (answer.status >= 400) throw new OperationFailure(answer.status, errorOf(answer));
      return (answer.body ?? {}) as JsonObject;
    },
    async put(request: PutRequest) {
      const answer = await send("PUT", request.id, request.apiVersion, request.body);
      if (answer.status >= 400) throw new OperationFailure(answer.status, errorOf(answer));
      if (request.isDeployment) {
        await services.deploymentRuns.waitFor(request.id);
        const record = getDeployment(services.store, request.id);
        const state = record?.document.properties.provisioningState;
        if (state !== "Succeeded") {
          const error = (record?.document.properties.error as ArmErrorBody | undefined) ?? {
            code: "DeploymentFailed",
            message: `The nested deployment ended in state '${state}'.`,
          };
          throw new OperationFailure(400, error);
        }
        return { statusCode: answer.status, resource: record!.document as unknown as JsonObject };
      }
      let resource = answer.body as JsonObject | undefined;
      // A 202 has no body: read the resource as it now stands.
      if (resource === undefined) resource = await gateway.get(request.id, request.apiVersion);
      return { statusCode: answer.status, resource };
    },
    async post(id, apiVersion, action, body) {
      const answer = await send("POST", `${id}/${action}`, apiVersion, body ?? undefined);
      if (answer.status >= 400) throw new OperationFailure(answer.status, errorOf(answer));
      return (answer.body ?? null) as Json;
    },
    async delete(id) {
      const answer = await send("DELETE", id, versionFor(id, undefined));
      if (answer.status >= 400 && answer.status !== 404) throw new OperationFailure(answer.status, errorOf(answer));
    },
    async listResourceGroup(subscriptionId, resourceGroup) {
      const answer = await send("GET", `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/resources`, "2021-04-01");
      if (answer.status >= 400) throw new OperationFailure(answer.status, errorOf(answer));
      const items = ((answer.body as { value?: JsonObject[] } | undefined)?.value ?? []).filter((r) => {
        // Child resources go with their parents; only top-level resources are compared.
        const type = String(r.type ?? "");
        return type.split("/").length === 2;
      });
      return items;
    },
    async documentsFor(target: DeploymentTarget): Promise<ScopeDocuments> {
      const { documents, missingGroup } = scopeDocumentsOf(services, target);
      if (missingGroup) throw new OperationFailure(404, armErrors.resourceGroupNotFound(target.resourceGroup!).toBody().error);
      return documents;
    },
  };
  return gateway;
}
