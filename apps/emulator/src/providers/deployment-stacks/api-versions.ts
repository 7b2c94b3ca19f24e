/**
 * api-versions of Microsoft.Resources/deploymentStacks: 2024-03-01 is the first stable one,
 * the newest az (2.91) sends 2025-07-01 (azure-mgmt-resource-deploymentstacks).
 */
export const DEPLOYMENT_STACK_API_VERSIONS: readonly string[] = ["2022-08-01-preview", "2024-03-01", "2025-07-01"];

/** The deployment a stack runs its template as. */
export const STACK_DEPLOYMENT_API_VERSION = "2025-04-01";
