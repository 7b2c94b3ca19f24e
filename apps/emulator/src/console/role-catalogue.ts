/**
 * The roles page's data, read through ARM: every role definition visible at the tenant root and
 * in each subscription (built-in ones, and custom ones wherever they are defined), and the role
 * assignments that hold each, with the principal's display name from Graph.
 */
import { roleGuidOf, type Inventory, type RoleAssignment } from "./inventory.js";
import { API, type ConsoleReads } from "./reads.js";

export interface Permission {
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly dataActions?: readonly string[];
  readonly notDataActions?: readonly string[];
}

export interface RoleDefinition {
  readonly id: string;
  readonly name: string;
  readonly properties: {
    readonly roleName: string;
    readonly type: string;
    readonly description?: string;
    readonly assignableScopes?: readonly string[];
    readonly permissions?: readonly Permission[];
  };
}

export interface RoleHolder {
  readonly assignmentName: string;
  readonly principalId: string;
  readonly principalType: string | undefined;
  readonly displayName: string | undefined;
  readonly scope: string;
}

export interface RoleEntry {
  readonly guid: string;
  readonly definition: RoleDefinition;
  readonly holders: readonly RoleHolder[];
}

const DEFINITIONS = "/providers/Microsoft.Authorization/roleDefinitions";

export async function readRoles(reads: ConsoleReads, inventory: Inventory): Promise<RoleEntry[]> {
  const byGuid = new Map<string, RoleDefinition>();
  const scopes = ["", ...inventory.subscriptions.map((s) => `/subscriptions/${s.subscriptionId}`)];
  for (const scope of scopes) {
    for (const d of await reads.armList<RoleDefinition>(`${scope}${DEFINITIONS}`, API.authorization)) {
      if (!byGuid.has(d.name.toLowerCase())) byGuid.set(d.name.toLowerCase(), d);
    }
  }
  const names = displayNames(reads);
  return [...byGuid.entries()]
    .map(([guid, definition]) => ({ guid, definition, holders: holdersOf(guid, inventory.roleAssignments, names) }))
    .sort((a, b) => a.definition.properties.roleName.localeCompare(b.definition.properties.roleName));
}

function holdersOf(guid: string, assignments: readonly RoleAssignment[], name: (id: string) => string | undefined): RoleHolder[] {
  return assignments
    .filter((a) => roleGuidOf(a.properties.roleDefinitionId) === guid)
    .map((a) => ({
      assignmentName: a.name,
      principalId: a.properties.principalId,
      principalType: a.properties.principalType,
      displayName: name(a.properties.principalId),
      scope: a.properties.scope,
    }));
}

/** A principal's display name from Graph, asked once per principal. */
function displayNames(reads: ConsoleReads): (id: string) => string | undefined {
  const known = new Map<string, string | undefined>();
  return (id) => {
    if (!known.has(id)) {
      const read = reads.graph<{ displayName?: string }>(`directoryObjects/${id}`);
      known.set(id, read.ok ? read.value.displayName : undefined);
    }
    return known.get(id);
  };
}

/** Does the role match the search: part of its name, description or any of its permissions, any case. */
export function roleMatches(entry: RoleEntry, search: string): boolean {
  const wanted = search.trim().toLowerCase();
  if (wanted === "") return true;
  const p = entry.definition.properties;
  const texts = [p.roleName, p.description ?? "", entry.guid, ...(p.permissions ?? []).flatMap((x) => [...(x.actions ?? []), ...(x.dataActions ?? [])])];
  return texts.some((t) => t.toLowerCase().includes(wanted));
}
