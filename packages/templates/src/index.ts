/**
 * @azmi/templates: the ARM template language (what Bicep compiles to), without HTTP.
 *
 *   const plan = await planDeployment({ deploymentName, template, parameters, target, documents, locateTemplate });
 *     // throws ArmError InvalidTemplate (parameters, unknown functions, cycles ...), with line/column
 *   await preflightNested(plan, gateway);              // plans modules whose inputs are known
 *   const outcome = await runDeployment(plan, gateway, { onOperation, cancelled });
 *     // outcome.outputs / outputResources / error (DeploymentFailed with each operation's error)
 *   const changes = await whatIf(plan, gateway);      // Create / Modify (+ delta) / NoChange / Ignore / Delete
 *
 * A ResourceGateway (resource-gateway.ts) is how a deployment reads and writes resources; the
 * emulator sends each call through its ARM pipeline as the deploying caller.
 */
export * from "./json-value.js";
export * from "./lenient-json.js";
export * from "./expression.js";
export * from "./evaluation-errors.js";
export * from "./evaluation-budget.js";
export * from "./scope.js";
export * from "./evaluator.js";
export * from "./deterministic-names.js";
export * from "./template-errors.js";
export * from "./parameters.js";
export * from "./template-context.js";
export * from "./deployment-plan.js";
export * from "./resource-gateway.js";
export * from "./deployment-run.js";
export * from "./what-if.js";
export { isKnownFunction } from "./functions/registry.js";
export { formatDotNet } from "./functions/dates.js";
export * from "./preflight.js";
// Deployment records as stored (history, operations, results) and the runs in flight.
export * from "./records/deployment-records.js";
export * from "./records/deployment-documents.js";
export * from "./records/deployment-runs.js";
// Deployment stacks: the body, the stored stacks, and what a stack decides after each run.
export * from "./stacks/stack-body.js";
export * from "./stacks/stack-records.js";
export * from "./stacks/stack-rules.js";
