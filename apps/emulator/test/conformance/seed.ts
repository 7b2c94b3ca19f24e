/**
 * Seeds what an example takes for granted: the resource group, the parent resources in its path,
 * the resource a GET/PATCH/DELETE/POST acts on, and the items a list example answers with. Bodies
 * come from the example's own response where it shows the resource, else the least each type needs.
 */
import type { TestAzmi } from "../support/azmi.js";
import { isObject } from "./request-of.js";
import type { Json, JsonObject } from "./spec-index.js";

type Send = TestAzmi["request"];

const API: Record<string, string> = {
  "microsoft.resources/resourcegroups": "2021-04-01",
  "microsoft.managedidentity/userassignedidentities": "2023-01-31",
  "microsoft.managedidentity/userassignedidentities/federatedidentitycredentials": "2023-01-31",
  "microsoft.keyvault/vaults": "2023-07-01",
  "microsoft.authorization/locks": "2016-09-01",
  "microsoft.authorization/roleassignments": "2022-04-01",
  "microsoft.authorization/roledefinitions": "2022-04-01",
  "microsoft.management/managementgroups": "2021-04-01",
};

const UNSEEDABLE = new Set(["microsoft.authorization/provideroperations"]);

/** Deny assignments have no create API: Azure makes them. The replay puts them in azmi's store directly. */
export type DenySeeder = (item: JsonObject) => void;

function text(value: Json | undefined, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function bodyFor(type: string, item: JsonObject | undefined, tenantId: string): JsonObject {
  const properties = isObject(item?.properties) ? item.properties : {};
  switch (type) {
    case "microsoft.managedidentity/userassignedidentities":
      return { location: text(item?.location, "eastus"), ...(isObject(item?.tags) ? { tags: item.tags } : {}) };
    case "microsoft.managedidentity/userassignedidentities/federatedidentitycredentials":
      return {
        properties: {
          issuer: text(properties.issuer, "https://oidc.example.com/issuer"),
          subject: text(properties.subject, "system:serviceaccount:ns:svc"),
          audiences: Array.isArray(properties.audiences) ? properties.audiences : ["api://AzureADTokenExchange"],
        },
      };
    case "microsoft.keyvault/vaults": {
      // The settings the example's vault shows were sent when it was made; the server-made ones are not sent.
      const { vaultUri: _uri, provisioningState: _state, hsmPoolResourceId: _hsm, privateEndpointConnections: _pec, ...settable } = properties;
      return {
        location: text(item?.location, "westus"),
        properties: {
          ...settable,
          tenantId,
          sku: isObject(properties.sku) ? properties.sku : { family: "A", name: "standard" },
          accessPolicies: Array.isArray(properties.accessPolicies) ? properties.accessPolicies : [],
        },
      };
    }
    case "microsoft.authorization/locks":
      return { properties: { level: text(properties.level, "CanNotDelete"), ...(typeof properties.notes === "string" ? { notes: properties.notes } : {}) } };
    case "microsoft.authorization/roleassignments":
      return {
        properties: {
          roleDefinitionId: text(properties.roleDefinitionId, "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7"),
          principalId: text(properties.principalId, "ce2ce14e-85d7-4629-bdbc-454d0519d987"),
          principalType: text(properties.principalType, "User"),
        },
      };
    case "microsoft.authorization/roledefinitions":
      return {
        properties: {
          roleName: text(properties.roleName, "Seeded role"),
          description: text(properties.description, ""),
          type: "CustomRole",
          permissions: Array.isArray(properties.permissions) ? properties.permissions : [{ actions: ["*/read"], notActions: [] }],
          assignableScopes: Array.isArray(properties.assignableScopes) ? properties.assignableScopes : [],
        },
      };
    case "microsoft.management/managementgroups":
      return { properties: { displayName: text(properties.displayName, "Seeded group") } };
    default:
      return { location: text(item?.location, "eastus") };
  }
}

/** The chain of resources a path names, outermost first: [path, type] pairs. */
export function resourceChain(path: string): Array<{ path: string; type: string }> {
  const parts = path.split("/").filter(Boolean);
  const chain: Array<{ path: string; type: string }> = [];
  let i = 0;
  let prefix = "";
  let types: string[] = [];
  while (i < parts.length) {
    const part = parts[i]!.toLowerCase();
    if (part === "subscriptions" && i === 0) {
      prefix = `/subscriptions/${parts[1]}`;
      i += 2;
    } else if (part === "resourcegroups" && parts[i + 1]) {
      prefix += `/resourceGroups/${parts[i + 1]}`;
      chain.push({ path: prefix, type: "microsoft.resources/resourcegroups" });
      i += 2;
    } else if (part === "providers" && parts[i + 3]) {
      types = [parts[i + 1]!, parts[i + 2]!];
      prefix += `/providers/${parts[i + 1]}/${parts[i + 2]}/${parts[i + 3]}`;
      chain.push({ path: prefix, type: types.join("/").toLowerCase() });
      i += 4;
    } else if (types.length && part !== "providers" && parts[i + 1]) {
      types.push(parts[i]!);
      prefix += `/${parts[i]}/${parts[i + 1]}`;
      chain.push({ path: prefix, type: types.join("/").toLowerCase() });
      i += 2;
    } else {
      break;
    }
  }
  return chain;
}

export class Seeder {
  private readonly done = new Set<string>();
  /** Seeding requests azmi refused: reported with the example's differences. */
  readonly refused: string[] = [];
  constructor(
    private readonly send: Send,
    private readonly tenantId: string,
    private readonly seedDeny?: DenySeeder,
  ) {}

  /** Creates every resource in the chain of `path`; the last one only when `includeLast`. */
  async chain(path: string, includeLast: boolean, item?: JsonObject): Promise<void> {
    const chain = resourceChain(path);
    for (const [index, link] of chain.entries()) {
      const last = index === chain.length - 1;
      if (last && !includeLast) break;
      await this.put(link.path, link.type, last ? item : undefined);
    }
  }

  /** Seeds the resources a response body shows: a single resource or a list's items. */
  async shown(body: Json | undefined): Promise<void> {
    const items = (isObject(body) && Array.isArray(body.value) ? body.value : [body]).filter(
      (item): item is JsonObject => isObject(item) && typeof item.id === "string" && resourceChain(item.id).length > 0,
    );
    // Parents first and locks last: a ReadOnly lock seeded early would refuse the rest.
    for (const item of items) await this.chain(String(item.id), false);
    const isLock = (item: JsonObject) => /\/locks\/[^/]+$/i.test(String(item.id));
    for (const item of [...items.filter((i) => !isLock(i)), ...items.filter(isLock)]) await this.chain(String(item.id), true, item);
  }

  private async put(path: string, type: string, item?: JsonObject): Promise<void> {
    // Azure has no way to create these: they exist or they don't.
    if (UNSEEDABLE.has(type) || this.done.has(path.toLowerCase())) return;
    this.done.add(path.toLowerCase());
    if (type === "microsoft.authorization/denyassignments") {
      if (item !== undefined && this.seedDeny !== undefined) this.seedDeny(item);
      return;
    }
    const body: JsonObject = type === "microsoft.resources/resourcegroups" ? { location: "westus" } : bodyFor(type, item, this.tenantId);
    if (type === "microsoft.authorization/roleassignments") await this.roleDefinition(String((body.properties as JsonObject).roleDefinitionId));
    // A group shown under a parent is made under it, the parent first.
    const parent =
      type === "microsoft.management/managementgroups" && isObject(item?.properties) && isObject(item.properties.parent)
        ? item.properties.parent.id
        : undefined;
    if (typeof parent === "string") {
      await this.chain(parent, true);
      (body.properties as JsonObject).details = { parent: { id: parent } };
    }
    const res = await this.send("PUT", `${path}?api-version=${API[type] ?? "2021-04-01"}`, body);
    if (res.status >= 300) this.refused.push(`seed PUT ${path}: ${res.status} ${JSON.stringify(res.json?.error?.code ?? "")}`);
  }

  /** A role assignment's role must exist: a custom role of that id when it is not built in. */
  async roleDefinition(id: string): Promise<void> {
    const known = await this.send("GET", `${id}?api-version=2022-04-01`);
    if (known.status === 200) return;
    const scope = id.split("/providers/")[0] || "/";
    await this.send("PUT", `${id}?api-version=2022-04-01`, {
      properties: { roleName: `Role ${id.split("/").pop()}`, type: "CustomRole", permissions: [{ actions: ["*/read"] }], assignableScopes: [scope] },
    });
  }
}
