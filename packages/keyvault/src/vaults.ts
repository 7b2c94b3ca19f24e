/**
 * The vault document and its rules: what a PUT, a PATCH and an access-policy update make of a
 * stored vault. Pure functions over plain values; storing them is vault-registry.ts's job.
 *
 * Stored as Azure shows it: `properties.enableRbacAuthorization` true means Azure RBAC decides
 * data-plane access; false or absent means the access policies do.
 */
import { normalizeLocation, stampSystemData, validateTags, type Actor, type SystemData, type TrackedResource } from "@azmi/arm-core";
import { rbacIsDefaultOnCreate } from "./vault-api-versions.js";
import { vaultErrors } from "./vault-errors.js";
import { vaultUri } from "./vault-names.js";
import type { AccessPolicyInput, NetworkRuleSetInput, VaultPatchBody, VaultPropertiesInput, VaultPutBody } from "./vault-schemas.js";

export const VAULT_RESOURCE_TYPE = "Microsoft.KeyVault/vaults";
export const DEFAULT_SOFT_DELETE_RETENTION_DAYS = 90;

export interface AccessPolicyEntry {
  readonly tenantId: string;
  readonly objectId: string;
  readonly applicationId?: string;
  readonly permissions: {
    readonly keys?: readonly string[];
    readonly secrets?: readonly string[];
    readonly certificates?: readonly string[];
    readonly storage?: readonly string[];
  };
}

export interface VaultProperties {
  readonly tenantId: string;
  readonly sku: { readonly family: "A"; readonly name: "standard" | "premium" };
  readonly accessPolicies: readonly AccessPolicyEntry[];
  readonly vaultUri: string;
  readonly enabledForDeployment?: boolean;
  readonly enabledForDiskEncryption?: boolean;
  readonly enabledForTemplateDeployment?: boolean;
  readonly enableSoftDelete: boolean;
  readonly softDeleteRetentionInDays: number;
  readonly enableRbacAuthorization?: boolean;
  readonly enablePurgeProtection?: boolean;
  readonly networkAcls?: NetworkRuleSetInput;
  readonly publicNetworkAccess: "Enabled" | "Disabled";
  readonly provisioningState: "Succeeded";
}

export interface StoredVault extends TrackedResource {
  readonly type: typeof VAULT_RESOURCE_TYPE;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly properties: VaultProperties;
  readonly identity?: Readonly<Record<string, unknown>>;
  readonly systemData?: SystemData;
}

/** True when the vault's data plane is authorized by Azure RBAC rather than by its access policies. */
export function usesRbac(vault: Pick<StoredVault, "properties">): boolean {
  return vault.properties.enableRbacAuthorization === true;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function tenantIdOf(value: string): string {
  if (!GUID.test(value)) throw vaultErrors.invalidTenantId(value);
  return value.toLowerCase();
}

function skuOf(sku: NonNullable<VaultPropertiesInput["sku"]>): VaultProperties["sku"] {
  const name = sku.name.toLowerCase();
  if (name !== "standard" && name !== "premium") throw vaultErrors.invalidSku(sku.name);
  if (sku.family !== undefined && sku.family !== null && sku.family.toUpperCase() !== "A") throw vaultErrors.invalidSkuFamily(sku.family);
  return { family: "A", name };
}

function publicNetworkAccessOf(value: string): VaultProperties["publicNetworkAccess"] {
  const lower = value.toLowerCase();
  if (lower === "enabled") return "Enabled";
  if (lower === "disabled") return "Disabled";
  throw vaultErrors.invalidPublicNetworkAccess(value);
}

/** An entry as stored: ids lower-cased GUIDs as sent, unset permission lists left out. */
export function accessPolicyEntry(input: AccessPolicyInput): AccessPolicyEntry {
  const permissions: Record<string, readonly string[]> = {};
  for (const kind of ["keys", "secrets", "certificates", "storage"] as const) {
    const list = input.permissions?.[kind];
    if (list !== undefined && list !== null) permissions[kind] = list;
  }
  const entry: { -readonly [K in keyof AccessPolicyEntry]: AccessPolicyEntry[K] } = { tenantId: input.tenantId, objectId: input.objectId, permissions };
  if (input.applicationId !== undefined && input.applicationId !== null && input.applicationId !== "") entry.applicationId = input.applicationId;
  return entry;
}

const sameEntry = (
  a: Pick<AccessPolicyEntry, "tenantId" | "objectId" | "applicationId">,
  b: Pick<AccessPolicyEntry, "tenantId" | "objectId" | "applicationId">,
) =>
  a.tenantId.toLowerCase() === b.tenantId.toLowerCase() &&
  a.objectId.toLowerCase() === b.objectId.toLowerCase() &&
  (a.applicationId ?? "").toLowerCase() === (b.applicationId ?? "").toLowerCase();

export type AccessPolicyUpdateKind = "add" | "replace" | "remove";

export function accessPolicyUpdateKind(value: string): AccessPolicyUpdateKind {
  const lower = value.toLowerCase();
  if (lower === "add" || lower === "replace" || lower === "remove") return lower;
  throw vaultErrors.invalidAccessPolicyKind(value);
}

/**
 * `accessPolicies/add` merges permissions into the entry of the same principal (or appends one),
 * `replace` sets that entry's permissions, `remove` takes the named permissions away and drops
 * an entry left with none.
 */
export function updateAccessPolicies(
  current: readonly AccessPolicyEntry[],
  kind: AccessPolicyUpdateKind,
  sent: readonly AccessPolicyInput[],
): AccessPolicyEntry[] {
  let out = [...current];
  for (const input of sent.map(accessPolicyEntry)) {
    const at = out.findIndex((e) => sameEntry(e, input));
    if (kind === "replace") {
      if (at < 0) out.push(input);
      else out[at] = input;
    } else if (kind === "add") {
      if (at < 0) out.push(input);
      else out[at] = { ...out[at]!, permissions: mergePermissions(out[at]!.permissions, input.permissions, "add") };
    } else if (at >= 0) {
      const permissions = mergePermissions(out[at]!.permissions, input.permissions, "remove");
      const empty = Object.values(permissions).every((list) => list === undefined || list.length === 0);
      out = empty ? out.filter((_, i) => i !== at) : out.map((e, i) => (i === at ? { ...e, permissions } : e));
    }
  }
  return out;
}

function mergePermissions(a: AccessPolicyEntry["permissions"], b: AccessPolicyEntry["permissions"], how: "add" | "remove"): AccessPolicyEntry["permissions"] {
  const out: Record<string, readonly string[]> = {};
  for (const kind of ["keys", "secrets", "certificates", "storage"] as const) {
    const mine = a[kind] ?? [];
    const theirs = b[kind] ?? [];
    const lowerTheirs = new Set(theirs.map((p) => p.toLowerCase()));
    const merged =
      how === "add"
        ? [...mine, ...theirs.filter((p) => !mine.some((m) => m.toLowerCase() === p.toLowerCase()))]
        : mine.filter((p) => !lowerTheirs.has(p.toLowerCase()));
    if (a[kind] !== undefined || (how === "add" && b[kind] !== undefined)) out[kind] = merged;
  }
  return out;
}

function networkAclsOf(input: NetworkRuleSetInput): NetworkRuleSetInput {
  return {
    bypass: input.bypass ?? "AzureServices",
    defaultAction: input.defaultAction ?? "Allow",
    ipRules: input.ipRules ?? [],
    virtualNetworkRules: input.virtualNetworkRules ?? [],
  };
}

export interface VaultWrite {
  readonly id: string;
  readonly name: string;
  readonly apiVersion: string;
  readonly previous: StoredVault | undefined;
  /** Who writes, and when: the vault's systemData (Azure answers it on every vault). */
  readonly stamp?: { readonly actor: Actor; readonly now: string };
}

const given = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;

/**
 * The rules every write obeys, whether a PUT replaces the properties or a PATCH merges them:
 * soft delete and purge protection can only be switched on, the retention is fixed once set.
 */
function checkIrreversible(previous: VaultProperties | undefined, sent: VaultPropertiesInput): void {
  if (sent.enablePurgeProtection === false) throw vaultErrors.purgeProtectionIrreversible();
  if (previous?.enableSoftDelete === true && sent.enableSoftDelete === false) throw vaultErrors.softDeleteIrreversible();
  if (given(sent.softDeleteRetentionInDays)) {
    const days = sent.softDeleteRetentionInDays;
    if (days < 7 || days > 90) throw vaultErrors.retentionOutOfRange(days);
    if (previous !== undefined && previous.softDeleteRetentionInDays !== days) throw vaultErrors.retentionAlreadySet();
  }
}

function buildProperties(write: VaultWrite, base: Partial<VaultProperties> | undefined, sent: VaultPropertiesInput, creating: boolean): VaultProperties {
  checkIrreversible(write.previous?.properties, sent);
  const tenant = sent.tenantId ?? base?.tenantId;
  if (!given(tenant) || tenant === "") throw vaultErrors.tenantIdRequired();
  const sku = given(sent.sku) ? skuOf(sent.sku) : base?.sku;
  if (sku === undefined) throw vaultErrors.skuRequired();
  const enableSoftDelete = sent.enableSoftDelete ?? base?.enableSoftDelete ?? true;
  const enablePurgeProtection = sent.enablePurgeProtection ?? base?.enablePurgeProtection;
  if (enablePurgeProtection === true && !enableSoftDelete) throw vaultErrors.purgeProtectionNeedsSoftDelete();
  const rbac = sent.enableRbacAuthorization ?? base?.enableRbacAuthorization ?? (creating && rbacIsDefaultOnCreate(write.apiVersion) ? true : undefined);
  const properties: Record<string, unknown> = {
    tenantId: tenantIdOf(tenant),
    sku,
    accessPolicies: given(sent.accessPolicies) ? sent.accessPolicies.map(accessPolicyEntry) : (base?.accessPolicies ?? []),
    vaultUri: vaultUri(write.name),
  };
  for (const flag of ["enabledForDeployment", "enabledForDiskEncryption", "enabledForTemplateDeployment"] as const) {
    const value = sent[flag] ?? base?.[flag];
    if (value !== undefined) properties[flag] = value;
  }
  properties.enableSoftDelete = enableSoftDelete;
  properties.softDeleteRetentionInDays = sent.softDeleteRetentionInDays ?? base?.softDeleteRetentionInDays ?? DEFAULT_SOFT_DELETE_RETENTION_DAYS;
  if (rbac !== undefined) properties.enableRbacAuthorization = rbac;
  if (enablePurgeProtection !== undefined) properties.enablePurgeProtection = enablePurgeProtection;
  const acls = given(sent.networkAcls) ? networkAclsOf(sent.networkAcls) : base?.networkAcls;
  if (acls !== undefined) properties.networkAcls = acls;
  properties.publicNetworkAccess = given(sent.publicNetworkAccess) ? publicNetworkAccessOf(sent.publicNetworkAccess) : (base?.publicNetworkAccess ?? "Enabled");
  properties.provisioningState = "Succeeded";
  return properties as unknown as VaultProperties;
}

function createModeOf(sent: VaultPropertiesInput | null | undefined): "default" | "recover" {
  const mode = (sent?.createMode ?? "default").toLowerCase();
  if (mode !== "default" && mode !== "recover") throw vaultErrors.invalidCreateMode(sent!.createMode!);
  return mode;
}

/** `createMode: recover` in a PUT body: the caller asks for the soft-deleted vault back. */
export function isRecovery(body: VaultPutBody): boolean {
  return createModeOf(body.properties) === "recover";
}

/**
 * The vault a PUT makes. A PUT replaces the properties it names; as on Azure, an update PUT
 * keeps what it leaves out of `properties` only for the settings that cannot be reset
 * (soft delete, purge protection, retention, RBAC mode). The caller checks the name and that
 * `location` is present; `identity` is the block the identity rules answered.
 */
export function vaultFromPut(write: VaultWrite, body: VaultPutBody, location: string, identity: Readonly<Record<string, unknown>> | undefined): StoredVault {
  validateTags(body.tags ?? undefined);
  createModeOf(body.properties);
  const previous = write.previous?.properties;
  const kept: Partial<VaultProperties> | undefined =
    previous === undefined
      ? undefined
      : {
          enableSoftDelete: previous.enableSoftDelete,
          softDeleteRetentionInDays: previous.softDeleteRetentionInDays,
          ...(previous.enablePurgeProtection === undefined ? {} : { enablePurgeProtection: previous.enablePurgeProtection }),
          ...(previous.enableRbacAuthorization === undefined ? {} : { enableRbacAuthorization: previous.enableRbacAuthorization }),
        };
  const properties = buildProperties(write, kept, body.properties ?? {}, write.previous === undefined);
  return envelope(write, normalizeLocation(location), body.tags ?? {}, properties, identity);
}

/** The vault a PATCH makes: named properties change, the rest stay. */
export function vaultFromPatch(
  write: VaultWrite & { previous: StoredVault },
  body: VaultPatchBody,
  identity: Readonly<Record<string, unknown>> | undefined,
): StoredVault {
  validateTags(body.tags ?? undefined);
  const properties = buildProperties(write, write.previous.properties, body.properties ?? {}, false);
  return envelope(write, write.previous.location, body.tags ?? write.previous.tags, properties, identity);
}

/** The vault with its access policies changed by `accessPolicies/{kind}`. */
export function vaultWithAccessPolicies(vault: StoredVault, kind: AccessPolicyUpdateKind, sent: readonly AccessPolicyInput[]): StoredVault {
  return { ...vault, properties: { ...vault.properties, accessPolicies: updateAccessPolicies(vault.properties.accessPolicies, kind, sent) } };
}

function envelope(
  write: VaultWrite,
  location: string,
  tags: Readonly<Record<string, string>>,
  properties: VaultProperties,
  identity: Readonly<Record<string, unknown>> | undefined,
): StoredVault {
  const vault: StoredVault = {
    // The id and name keep the casing the vault was created with.
    id: write.previous?.id ?? write.id,
    name: write.previous?.name ?? write.name,
    type: VAULT_RESOURCE_TYPE,
    location,
    tags: { ...tags },
    properties,
  };
  const systemData = write.stamp === undefined ? write.previous?.systemData : stampSystemData(write.stamp.actor, write.stamp.now, write.previous?.systemData);
  const stamped = systemData === undefined ? vault : { ...vault, systemData };
  return identity === undefined ? stamped : { ...stamped, identity };
}
