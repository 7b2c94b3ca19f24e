/**
 * api-versions Azure accepts for Microsoft.Resources/deployments and their operations: az 2.45
 * sends 2021-04-01 (its resources profile), newer az 2024-11-01 or later, @azure/arm-resources 7
 * 2025-04-01, Bicep-emitted nested deployments name whatever the author wrote (2019-10-01,
 * 2020-10-01, 2022-09-01 are common), @azure/arm-resourcesdeployments 2 sends 2026-06-01.
 */
import { RESOURCE_MANAGER_API_VERSIONS } from "../resources/api-versions.js";

export const DEPLOYMENT_API_VERSIONS: readonly string[] = ["2026-06-01", ...RESOURCE_MANAGER_API_VERSIONS.filter((v) => v >= "2015-01-01")];
