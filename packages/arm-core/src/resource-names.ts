/**
 * Name rules Resource Manager itself applies, before any provider: a resource of a type no
 * dedicated provider serves, and a template deployment. Providers with stricter rules check their
 * own (identities, locks, sites ...).
 */
import { armErrors } from "./errors.js";

/** ARM's resource-provider contract: at most 260 characters, none of < > % & : \ ? / # or a control character. */
export const RESOURCE_NAME_MAX = 260;
const FORBIDDEN_IN_RESOURCE_NAME = /[<>%&:\\?/#\u0000-\u001f\u007f]/u;

export function checkResourceName(name: string, resourceType: string): void {
  if (name.length === 0 || name.length > RESOURCE_NAME_MAX || FORBIDDEN_IN_RESOURCE_NAME.test(name)) {
    throw armErrors.invalidResourceName(
      name,
      resourceType,
      `The name can be up to ${RESOURCE_NAME_MAX} characters long and cannot contain '<', '>', '%', '&', ':', '\\', '?', '/', '#' or control characters.`,
    );
  }
}

/** Deployment names: 1 to 64 letters, digits, '-', '_', '.', '(' and ')' (the REST spec's ^[-\w\._\(\)]+$). */
export const DEPLOYMENT_NAME_MAX = 64;
const DEPLOYMENT_NAME_CHARACTER = /[\p{L}\p{Nd}_\-.()]/u;

export function checkDeploymentName(name: string): void {
  if (name.length > DEPLOYMENT_NAME_MAX)
    throw armErrors.invalidDeployment(
      `The provided deployment name '${name}' has a length of '${name.length}' which exceeds the maximum length of '${DEPLOYMENT_NAME_MAX}'.`,
    );
  const invalid = [...new Set([...name].filter((c) => !DEPLOYMENT_NAME_CHARACTER.test(c)))];
  if (name.length === 0 || invalid.length > 0)
    throw armErrors.invalidDeployment(
      `The provided deployment name '${name}' has these invalid characters: '${invalid.join("")}'. The name can only be a letter, digit, '-', '.', '_', '(' or ')'.`,
    );
}
