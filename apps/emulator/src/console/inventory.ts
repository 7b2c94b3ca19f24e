/**
 * What the pages list, gathered through the console's reads (reads.ts): subscriptions, their
 * groups, resources, locks and role assignments, and every managed identity (user-assigned
 * identities as resources, system-assigned ones from the identity block of the resource holding
 * them) with its service principal's appId from Graph.
 */
import { API, type ConsoleReads } from "./reads.js";

export interface Subscription {
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly state: string;
  readonly tenantId?: string;
}

/** A management group or a subscription as the tenant root group's descendants list shows it. */
export interface ManagementGroupEntry {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly properties: { readonly displayName?: string; readonly parent?: { readonly id: string } };
}

export interface IdentityBlock {
  readonly type?: string;
  readonly principalId?: string;
  readonly tenantId?: string;
  readonly userAssignedIdentities?: Readonly<Record<string, { principalId?: string; clientId?: string }>>;
}

export interface ArmResource {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly location?: string;
  readonly identity?: IdentityBlock;
  readonly properties?: Record<string, unknown>;
}

export interface Lock {
  readonly id: string;
  readonly name: string;
  readonly properties: { readonly level: string; readonly notes?: string };
}

export interface RoleAssignment {
  readonly id: string;
  readonly name: string;
  readonly properties: { readonly scope: string; readonly roleDefinitionId: string; readonly principalId: string; readonly principalType?: string };
}

export interface ManagedIdentity {
  readonly kind: "user-assigned" | "system-assigned";
  /** The identity resource (user-assigned) or the resource whose identity it is (system-assigned). */
  readonly resourceId: string;
  readonly name: string;
  readonly principalId: string;
  readonly clientId: string | undefined;
  readonly tenantId: string | undefined;
  /** Resources the identity is attached to. */
  readonly attachedTo: readonly string[];
}

export interface Inventory {
  readonly subscriptions: readonly Subscription[];
  readonly resourceGroups: readonly ArmResource[];
  readonly resources: readonly ArmResource[];
  readonly locks: readonly Lock[];
  readonly roleAssignments: readonly RoleAssignment[];
  readonly identities: readonly ManagedIdentity[];
  /** Every management group (the root included) and where each group and subscription sits. */
  readonly managementGroups: readonly ManagementGroupEntry[];
}

const USER_ASSIGNED_TYPE = "microsoft.managedidentity/userassignedidentities";

export async function readInventory(reads: ConsoleReads): Promise<Inventory> {
  const subscriptions = await reads.armList<Subscription>("/subscriptions", API.subscriptions);
  const resourceGroups: ArmResource[] = [];
  const resources: ArmResource[] = [];
  const locks: Lock[] = [];
  for (const s of subscriptions) {
    const sub = `/subscriptions/${s.subscriptionId}`;
    resourceGroups.push(...(await reads.armList<ArmResource>(`${sub}/resourcegroups`, API.resources)));
    resources.push(...(await reads.armList<ArmResource>(`${sub}/resources`, API.resources)));
    locks.push(...(await reads.armList<Lock>(`${sub}/providers/Microsoft.Authorization/locks`, API.locks)));
  }
  const roleAssignments = await reads.armList<RoleAssignment>("/providers/Microsoft.Authorization/roleAssignments", API.authorization);
  const tenantId = subscriptions[0]?.tenantId;
  const MG = "/providers/Microsoft.Management/managementGroups";
  const managementGroups =
    tenantId === undefined
      ? []
      : [
          ...(await reads.armList<ManagementGroupEntry>(MG, API.managementGroups)),
          ...(await reads.armList<ManagementGroupEntry>(`${MG}/${tenantId}/descendants`, API.managementGroups)),
        ];
  return { subscriptions, resourceGroups, resources, locks, roleAssignments, identities: await identitiesOf(reads, resources), managementGroups };
}

async function identitiesOf(reads: ConsoleReads, resources: readonly ArmResource[]): Promise<ManagedIdentity[]> {
  const attached = new Map<string, string[]>();
  for (const r of resources) {
    for (const key of Object.keys(r.identity?.userAssignedIdentities ?? {})) {
      const list = attached.get(key.toLowerCase()) ?? [];
      list.push(r.id);
      attached.set(key.toLowerCase(), list);
    }
  }
  const out: ManagedIdentity[] = [];
  for (const r of resources) {
    if (r.type.toLowerCase() === USER_ASSIGNED_TYPE) {
      // The list view may leave properties out: the identity's own GET has them.
      const read = await reads.arm<ArmResource>(r.id, API.identities);
      const p = (read.ok ? read.value.properties : r.properties) ?? {};
      const principalId = typeof p["principalId"] === "string" ? p["principalId"] : "";
      out.push({
        kind: "user-assigned",
        resourceId: r.id,
        name: r.name,
        principalId,
        clientId: typeof p["clientId"] === "string" ? p["clientId"] : undefined,
        tenantId: typeof p["tenantId"] === "string" ? p["tenantId"] : undefined,
        attachedTo: attached.get(r.id.toLowerCase()) ?? [],
      });
    }
    const block = r.identity;
    if (block?.principalId !== undefined && (block.type ?? "").toLowerCase().includes("systemassigned")) {
      const sp = reads.graph<{ appId?: string }>(`servicePrincipals/${block.principalId}`);
      out.push({
        kind: "system-assigned",
        resourceId: r.id,
        name: r.name,
        principalId: block.principalId,
        clientId: sp.ok ? sp.value.appId : undefined,
        tenantId: block.tenantId,
        attachedTo: [r.id],
      });
    }
  }
  return out;
}

/** The GUID at the end of a role definition id. */
export function roleGuidOf(roleDefinitionId: string): string {
  return roleDefinitionId.slice(roleDefinitionId.lastIndexOf("/") + 1).toLowerCase();
}
