/**
 * Microsoft.Resources/deployments at resource-group, subscription, management-group and
 * tenant scope: PUT (long-running, 201 Accepted with Azure-AsyncOperation), GET, HEAD, list,
 * DELETE, and the actions validate, whatIf (long-running, 202 + Location), cancel and
 * exportTemplate. The template language is @azmi/templates; this module only parses, checks the
 * scope, and stores and renders what the engine answers.
 */
import { randomUUID } from "node:crypto";
import { armErrors, checkDeploymentName, childResource, isArmError, resourceUnder, type ArmErrorBody, type ResourceId } from "@azmi/arm-core";
import {
  OperationFailure,
  parametersForDisplay,
  planDeployment,
  preflightNested,
  whatIf,
  type DeploymentPlan,
  type JsonObject,
  type WhatIfChange,
  acceptedDocument,
  dependenciesOf,
  isoDuration,
  operationId,
  providersOf,
  runId,
  deleteDeployment,
  getDeployment,
  listDeployments,
  putDeployment,
  putOperationResult,
  type DeploymentRecord,
} from "@azmi/templates";
import type { ArmContext, ArmResult, ResourceTypeHandler } from "../../arm/contract.js";
import { pagedList } from "../resources/list-answer.js";
import { budgetForRequest } from "./nesting-budget.js";
import { armGateway } from "./arm-gateway.js";
import { launchDeployment } from "./deployment-launch.js";
import { deploymentScope, deploymentScopeAt, scopeDocumentsOf, type DeploymentScope } from "./deployment-scope.js";
import { DEPLOYMENT_API_VERSIONS } from "./api-versions.js";
import { deploymentOperationsHandler } from "./operations-handlers.js";
import { bodyLocators, deploymentBody, normalizeMode, parseDeploymentBody, type DeploymentBody } from "./request-body.js";

const correlationOf = (ctx: ArmContext) => ctx.requestId || randomUUID();

function requireRecord(ctx: ArmContext, id: ResourceId): DeploymentRecord {
  deploymentScope(ctx, id);
  const record = getDeployment(ctx.services.store, id.id);
  if (record === undefined) throw armErrors.deploymentNotFound(id.name!);
  return record;
}

/** Parses the body and plans the deployment: every template error is thrown here, before anything is stored. */
async function prepare(ctx: ArmContext, id: ResourceId, where: DeploymentScope): Promise<{ body: DeploymentBody; plan: DeploymentPlan }> {
  checkDeploymentName(id.name!);
  const body = deploymentBody.parse(ctx.body ?? {});
  const { properties } = body;
  if (properties.templateLink?.uri !== undefined) throw armErrors.invalidContentLink(properties.templateLink.uri);
  if (properties.templateLink !== undefined)
    throw armErrors.invalidContentLink(properties.templateLink.id ?? properties.templateLink.relativePath ?? "templateLink");
  if (properties.parametersLink?.uri !== undefined) throw armErrors.invalidContentLink(properties.parametersLink.uri);
  if (properties.template === undefined) throw armErrors.invalidRequestContent("Either 'template' or 'templateLink' must be specified.");
  if (where.needsLocation && body.location === undefined) {
    throw armErrors.invalidDeployment(`The 'location' property must be specified for '${id.name ?? ""}'.`);
  }
  const locators = bodyLocators(ctx.body);
  const { documents } = scopeDocumentsOf(ctx.services, where.target);
  const plan = await planDeployment({
    deploymentName: id.name!,
    template: properties.template,
    parameters: unwrapParameterFile(properties.parameters ?? {}),
    mode: normalizeMode(properties.mode),
    target: where.target,
    ...(where.needsLocation && body.location !== undefined ? { location: body.location } : {}),
    documents,
    locateTemplate: locators.template,
    locateParameters: locators.parameters,
    budget: budgetForRequest(),
  });
  await preflight(ctx, id, plan);
  return { body, plan };
}

/** A parameters file pasted whole ({$schema, contentVersion, parameters}) is accepted as ARM accepts it. */
function unwrapParameterFile(parameters: Record<string, unknown>): Record<string, unknown> {
  const inner = parameters.parameters;
  if (typeof parameters.$schema === "string" && typeof inner === "object" && inner !== null) return inner as Record<string, unknown>;
  return parameters;
}

/** What Azure checks before deploying: each resource's type and api-version are served, nested templates plan. */
async function preflight(ctx: ArmContext, id: ResourceId, plan: DeploymentPlan): Promise<void> {
  const details: ArmErrorBody[] = [];
  const check = (p: DeploymentPlan) => {
    for (const r of p.resources) {
      if (!r.condition || r.existing) continue;
      try {
        ctx.services.apiVersions.check(r.type, r.apiVersion);
      } catch (error) {
        if (!isArmError(error)) throw error;
        details.push({ code: error.code, message: error.message, target: r.id });
      }
    }
  };
  check(plan);
  const gateway = armGateway({ services: ctx.services, caller: ctx.caller, baseUrl: ctx.baseUrl, correlationId: correlationOf(ctx) });
  try {
    for (const child of await preflightNested(plan, gateway)) check(child);
  } catch (error) {
    if (error instanceof OperationFailure) details.push(error.error);
    else throw error;
  }
  if (details.length > 0) throw armErrors.invalidTemplateDeployment(id.name!, randomUUID(), details);
}

function pollingQuery(ctx: ArmContext): string {
  return `api-version=${encodeURIComponent(ctx.apiVersion)}`;
}

async function put(ctx: ArmContext, id: ResourceId): Promise<ArmResult> {
  const where = deploymentScope(ctx, id);
  const existing = getDeployment(ctx.services.store, id.id);
  if (ctx.services.deploymentRuns.active(id.id) !== undefined) throw armErrors.deploymentActive(id.name!);
  const { body, plan } = await prepare(ctx, id, where);
  const location = where.needsLocation ? body.location : undefined;
  if (existing?.document.location !== undefined && location !== undefined && normalized(existing.document.location) !== normalized(location)) {
    throw armErrors.invalidDeploymentLocation(location, id.name!, existing.document.location);
  }
  const run = runId();
  const correlationId = correlationOf(ctx);
  const document = acceptedDocument(
    {
      id: id.id,
      name: id.name!,
      location,
      tags: body.tags,
      plan,
      correlationId,
      extraProperties: body.properties.debugSetting === undefined ? {} : { debugSetting: body.properties.debugSetting as JsonObject },
    },
    new Date(),
  );
  ctx.services.store.transaction(() =>
    putDeployment(ctx.services.store, { document, template: body.properties.template as JsonObject, runId: run, startedAt: new Date().toISOString() }),
  );
  launchDeployment({ services: ctx.services, deploymentId: id.id, runId: run, plan, caller: ctx.caller, baseUrl: ctx.baseUrl, correlationId });
  return {
    status: existing === undefined ? 201 : 200,
    body: document,
    headers: { "Azure-AsyncOperation": `${ctx.baseUrl}${echoPath(ctx, id)}/operationStatuses/${run}?${pollingQuery(ctx)}`, "Retry-After": "0" },
  };
}

const normalized = (location: string) => location.toLowerCase().replace(/\s+/g, "");

/** The deployment's path in the caller's casing (azurerm and the SDKs compare ids textually). */
function echoPath(ctx: ArmContext, id: ResourceId): string {
  const raw = ctx.rawPath.replace(/\/+$/, "");
  const marker = `/deployments/${id.name}`.toLowerCase();
  const at = raw.toLowerCase().lastIndexOf(marker);
  return at < 0 ? id.id : raw.slice(0, at + marker.length);
}

async function validate(ctx: ArmContext, id: ResourceId): Promise<ArmResult> {
  const where = deploymentScope(ctx, id);
  const started = Date.now();
  const { body, plan } = await prepare(ctx, id, where);
  const properties: JsonObject = {
    templateHash: plan.templateHash,
    parameters: parametersForDisplay(plan.parameters),
    mode: plan.mode,
    provisioningState: "Succeeded",
    timestamp: new Date().toISOString(),
    duration: isoDuration(Date.now() - started),
    correlationId: correlationOf(ctx),
    providers: providersOf(plan),
    dependencies: dependenciesOf(plan),
    validatedResources: plan.resources.filter((r) => r.condition && !r.existing).map((r) => ({ id: r.id })),
  };
  return {
    status: 200,
    body: {
      id: id.id,
      name: id.name,
      type: "Microsoft.Resources/deployments",
      ...(where.needsLocation && body.location !== undefined ? { location: body.location } : {}),
      properties,
    },
  };
}

async function whatIfAction(ctx: ArmContext, id: ResourceId): Promise<ArmResult> {
  const where = deploymentScope(ctx, id);
  const { body, plan } = await prepare(ctx, id, where);
  const gateway = armGateway({ services: ctx.services, caller: ctx.caller, baseUrl: ctx.baseUrl, correlationId: correlationOf(ctx) });
  let result: JsonObject;
  try {
    const changes = await whatIf(plan, gateway);
    const idsOnly = body.properties.whatIfSettings?.resultFormat?.toLowerCase() === "resourceidonly";
    result = { status: "Succeeded", properties: { changes: changes.map((c) => renderChange(c, idsOnly)) } };
  } catch (error) {
    if (!(error instanceof OperationFailure)) throw error;
    result = { status: "Failed", error: error.error as unknown as JsonObject };
  }
  const operation = operationId();
  ctx.services.store.transaction(() => putOperationResult(ctx.services.store, operation, { body: result }));
  return { status: 202, headers: resultHeaders(ctx, id, operation) };
}

/** Location of a finished long-running action (whatIf, DELETE): polled once, answered at once. */
function resultHeaders(ctx: ArmContext, id: ResourceId, operation: string): Record<string, string> {
  return { Location: `${ctx.baseUrl}${echoPath(ctx, id)}/operationResults/${operation}?${pollingQuery(ctx)}`, "Retry-After": "0" };
}

function renderChange(change: WhatIfChange, idsOnly: boolean): JsonObject {
  if (idsOnly) return { resourceId: change.resourceId, changeType: change.changeType };
  return JSON.parse(JSON.stringify(change)) as JsonObject;
}

function cancel(ctx: ArmContext, id: ResourceId): ArmResult {
  const record = requireRecord(ctx, id);
  const run = ctx.services.deploymentRuns.active(id.id);
  if (run === undefined) throw armErrors.deploymentCannotBeCancelled(id.name!, record.document.properties.provisioningState);
  run.cancelRequested = true;
  return { status: 204 };
}

function exportTemplate(ctx: ArmContext, id: ResourceId): ArmResult {
  const record = requireRecord(ctx, id);
  return { status: 200, body: { template: record.template } };
}

function remove(ctx: ArmContext, id: ResourceId): ArmResult {
  deploymentScope(ctx, id);
  if (getDeployment(ctx.services.store, id.id) === undefined) return { status: 204 };
  if (ctx.services.deploymentRuns.active(id.id) !== undefined) throw armErrors.deploymentActive(id.name!);
  const operation = operationId();
  ctx.services.store.transaction(() => {
    deleteDeployment(ctx.services.store, id.id);
    putOperationResult(ctx.services.store, operation, { body: null });
  });
  return { status: 202, headers: resultHeaders(ctx, id, operation) };
}

function list(ctx: ArmContext, parent: ResourceId): ArmResult | Promise<ArmResult> {
  const rest = ctx.path.kind === "collection" ? ctx.path.rest : [];
  if (rest.length > 0) return legacyPath(ctx, parent, rest);
  deploymentScopeAt(ctx, parent);
  const filter = ctx.query.get("$filter");
  const state = filter === null ? undefined : /^\s*provisioningState\s+eq\s+'([^']*)'\s*$/i.exec(filter)?.[1];
  if (filter !== null && state === undefined) throw armErrors.invalidFilterInQueryString(filter);
  const records = listDeployments(ctx.services.store, parent.key).filter(
    (r) => state === undefined || r.document.properties.provisioningState.toLowerCase() === state.toLowerCase(),
  );
  // Newest first, as Azure lists deployments.
  const sorted = records.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  return pagedList(
    ctx,
    sorted,
    (r) => `${r.startedAt}|${r.document.id.toLowerCase()}`,
    (r) => r.document,
  );
}

/**
 * The older path the deployment-operations API still uses (the SDKs and az call it):
 * /subscriptions/{s}/resourcegroups/{rg}/deployments/{name}[/operations[/{operationId}]].
 */
function legacyPath(ctx: ArmContext, scope: ResourceId, rest: readonly string[]): ArmResult | Promise<ArmResult> {
  const id = resourceUnder(scope, "Microsoft.Resources", "deployments", rest[0]!);
  if (rest.length === 1) return { status: 200, body: requireRecord(ctx, id).document };
  if (rest[1]!.toLowerCase() !== "operations" || rest.length > 3) throw armErrors.notFound(`The path '${ctx.rawPath}' is not a deployment path.`);
  if (rest.length === 2) return deploymentOperationsHandler.list!(ctx, id);
  return deploymentOperationsHandler.get!(ctx, childResource(id, "operations", rest[2]!));
}

export const deploymentsHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/deployments",
  apiVersions: DEPLOYMENT_API_VERSIONS,
  parseBody: parseDeploymentBody,
  put,
  get(ctx, id) {
    return { status: 200, body: requireRecord(ctx, id).document };
  },
  head(ctx, id) {
    deploymentScope(ctx, id);
    return { status: getDeployment(ctx.services.store, id.id) === undefined ? 404 : 204 };
  },
  delete: remove,
  list,
  actions: { validate, whatIf: whatIfAction, cancel, exportTemplate },
};
