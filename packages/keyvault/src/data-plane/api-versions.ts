/**
 * The data-plane api-versions Key Vault answers: 7.0 through 7.6 (with their previews) and the
 * dated versions the newest SDKs send (@azure/keyvault-keys 4.10: 2025-07-01,
 * @azure/keyvault-secrets 4.12: 2026-04-01). The wire shapes served do not differ between them.
 */
import { kvErrors } from "./data-errors.js";

const NUMBERED = /^7\.[0-6](-preview(\.\d+)?)?$/;
const DATED = new Set(["2025-06-01-preview", "2025-07-01", "2026-04-01"]);
const LATEST = "7.6";

export function checkDataApiVersion(apiVersion: string | undefined): string {
  if (apiVersion === undefined || apiVersion === "")
    throw kvErrors.badParameter("The api-version query parameter (?api-version=) is required for all requests.");
  if (NUMBERED.test(apiVersion) || DATED.has(apiVersion)) return apiVersion;
  throw kvErrors.badParameter(`The specified version (${apiVersion}) is not recognized. Consider using the latest supported version (${LATEST}).`);
}
