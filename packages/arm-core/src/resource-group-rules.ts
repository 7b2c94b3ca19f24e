/**
 * What Resource Manager itself checks on a resource group, whatever provider fills it: the
 * name rule (1-90 letters, digits, '_', '-', '.', '(' or ')', Unicode letters included, not
 * ending in '.') and the location, which must be a region Azure offers.
 */
import { armErrors } from "./errors.js";
import { findRegion, AZURE_REGIONS } from "./locations.js";

// .NET's \w (letters, non-spacing marks, decimal digits, connector punctuation) plus - . ( ),
// the pattern ARM's own REST spec publishes: ^[-\w\._\(\)]+$.
const ALLOWED = /[\p{L}\p{Mn}\p{Nd}\p{Pc}\-.()]/u;
const MAX_LENGTH = 90;

/** Throws InvalidResourceGroup when `name` breaks Azure's resource group name rule. */
export function validateResourceGroupName(name: string): void {
  const invalid = [...new Set([...name].filter((ch) => !ALLOWED.test(ch)))];
  if (invalid.length > 0) {
    throw armErrors.invalidResourceGroupName(
      name,
      `has these invalid characters: '${invalid.join("")}'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.`,
    );
  }
  if (name.length === 0 || [...name].length > MAX_LENGTH) {
    throw armErrors.invalidResourceGroupName(name, `must be between 1 and ${MAX_LENGTH} characters long.`);
  }
  if (name.endsWith(".")) throw armErrors.invalidResourceGroupName(name, "cannot end with a period ('.').");
}

/** The canonical region name (`westeurope`) for a resource group's location, or LocationNotAvailableForResourceGroup. */
export function resourceGroupLocation(location: string): string {
  const region = findRegion(location);
  if (region === undefined)
    throw armErrors.locationNotAvailableForResourceGroup(
      location,
      AZURE_REGIONS.map((r) => r.name),
    );
  return region.name;
}
