/**
 * What a deployment needs from the world: read, write, delete and act on resources, and the
 * documents of the scopes it deploys into. The emulator implements it by sending each request
 * through its own ARM pipeline, as the caller, so RBAC, locks and every provider's rules apply
 * exactly as for a direct request; unit tests implement it in memory.
 */
import type { ArmErrorBody } from "@azmi/arm-core";
import type { Json, JsonObject } from "./json-value.js";
import type { DeploymentTarget } from "./scope.js";

/** The documents of the scopes a deployment targets, for resourceGroup(), subscription() and friends. */
export interface ScopeDocuments {
  /** resourceGroup(): the group's document (id, name, location, tags ...), at resource-group scope. */
  readonly resourceGroup?: JsonObject;
  readonly subscriptionDisplayName?: string;
  readonly tenantDisplayName?: string;
  readonly managementGroupDisplayName?: string;
}

export interface PutRequest {
  readonly id: string;
  readonly type: string;
  readonly apiVersion: string;
  readonly body: JsonObject;
  /** A nested deployment (Microsoft.Resources/deployments): the gateway waits for it to finish. */
  readonly isDeployment: boolean;
}

export interface ResourceGateway {
  /** The resource as GET answers it; undefined when it does not exist. */
  get(id: string, apiVersion: string | undefined): Promise<JsonObject | undefined>;
  /** Creates or updates; throws OperationFailure with the provider's error. */
  put(request: PutRequest): Promise<{ readonly statusCode: number; readonly resource: JsonObject | undefined }>;
  /** POST {id}/{action} (list* functions). */
  post(id: string, apiVersion: string, action: string, body: Json | undefined): Promise<Json>;
  delete(id: string): Promise<void>;
  /** Top-level resources directly in a resource group (complete mode and what-if's Ignore/Delete). */
  listResourceGroup(subscriptionId: string, resourceGroup: string): Promise<JsonObject[]>;
  /** resourceGroup(), subscription() ... for a (nested) deployment's target; throws OperationFailure when the scope does not exist. */
  documentsFor(target: DeploymentTarget): Promise<ScopeDocuments>;
}

/** A request the gateway made that the provider refused, with the provider's status and error. */
export class OperationFailure extends Error {
  constructor(
    readonly statusCode: number,
    readonly error: ArmErrorBody,
  ) {
    super(error.message);
  }
}

/** HTTP status → the name ARM shows in deployment operations (statusCode "Created", "Conflict" ...). */
export function statusName(status: number): string {
  const names: Record<number, string> = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    204: "NoContent",
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "Conflict",
    412: "PreconditionFailed",
    413: "RequestEntityTooLarge",
    429: "TooManyRequests",
    500: "InternalServerError",
  };
  return names[status] ?? String(status);
}
