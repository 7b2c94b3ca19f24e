/**
 * `GET /providers/{namespace}/operations` for every namespace a provider serves: the
 * operations of that namespace's handlers, named by the same action table strict mode
 * checks (arm/actions.ts). One small provider per namespace, built from the provider list,
 * so a namespace added later (Microsoft.KeyVault ...) lists its operations without an edit here.
 */
import { armErrors } from "@azmi/arm-core";
import type { ResourceProvider, ResourceTypeHandler } from "../../arm/contract.js";
import { registrationOperation, servedOperations, type ServedOperation } from "../../arm/actions.js";
import { GENERIC_RESOURCE_TYPE } from "../../arm/handler-registry.js";

/** The display names Azure's operation lists give their providers. */
const PROVIDER_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  "microsoft.managedidentity": "Managed Service Identity",
  "microsoft.authorization": "Microsoft Authorization",
  "microsoft.resources": "Microsoft Resources",
  "microsoft.web": "Microsoft Web Apps",
  "microsoft.keyvault": "Microsoft Key Vault",
  "microsoft.management": "Microsoft Management",
};

const VERB_TEXT: Readonly<Record<ServedOperation["verb"], string>> = {
  read: "Get/List",
  write: "Create/Update",
  delete: "Delete",
  action: "Perform",
};

function operationBody(namespace: string, op: ServedOperation) {
  const parts = op.action.split("/");
  const resource = parts.slice(1, op.verb === "action" ? -2 : -1).join("/") || namespace;
  const what = op.verb === "action" ? `${parts.at(-2)} on ${resource}` : resource;
  return {
    name: op.action,
    isDataAction: false,
    display: {
      provider: PROVIDER_DISPLAY_NAMES[namespace.toLowerCase()] ?? namespace,
      resource,
      operation: `${VERB_TEXT[op.verb]} ${what}`,
      description: `${VERB_TEXT[op.verb]} ${what}.`,
    },
  };
}

/** Every operation azmi serves in a namespace, its registration first. */
function namespaceOperations(namespace: string, handlers: readonly ResourceTypeHandler[]): ServedOperation[] {
  const lower = namespace.toLowerCase();
  const seen = new Set<string>();
  const out = [registrationOperation(namespace)];
  for (const handler of handlers) {
    const type = handler.resourceType.toLowerCase();
    if (!type.startsWith(`${lower}/`) || type === `${lower}/operations` || type === PROVIDER_OPERATIONS_TYPE.toLowerCase()) continue;
    for (const op of servedOperations(handler)) {
      // An operation type of another namespace (Microsoft.Resources' keyword types) belongs to that one.
      if (!op.action.toLowerCase().startsWith(`${lower}/`) || seen.has(op.action.toLowerCase())) continue;
      seen.add(op.action.toLowerCase());
      out.push(op);
    }
  }
  return out;
}

function operationsListHandler(namespace: string, apiVersions: readonly string[], handlers: readonly ResourceTypeHandler[]): ResourceTypeHandler {
  return {
    resourceType: `${namespace}/operations`,
    apiVersions,
    list() {
      return { status: 200, body: { value: namespaceOperations(namespace, handlers).map((op) => operationBody(namespace, op)) } };
    },
  };
}

const PROVIDER_OPERATIONS_TYPE = "Microsoft.Authorization/providerOperations";
const PROVIDER_OPERATIONS_API_VERSIONS = ["2015-07-01", "2018-01-01-preview", "2022-04-01", "2022-05-01-preview"];

/**
 * One namespace's entry of Microsoft.Authorization/providerOperations (what `az provider
 * operation show/list` print and role authors read): the same operations as its
 * operations list, grouped by resource type, namespace-level ones at the top.
 */
function providerOperationsMetadata(namespace: string, handlers: readonly ResourceTypeHandler[]) {
  const topLevel: unknown[] = [];
  const byType = new Map<string, unknown[]>();
  for (const op of namespaceOperations(namespace, handlers)) {
    const body = operationBody(namespace, op);
    const entry = { name: op.action, displayName: body.display.operation, description: body.display.description, origin: "user,system", isDataAction: false };
    const parts = op.action.split("/");
    const type = parts.slice(1, op.verb === "action" ? -2 : -1).join("/");
    if (type === "") topLevel.push(entry);
    else byType.set(type, [...(byType.get(type) ?? []), entry]);
  }
  const displayName = PROVIDER_DISPLAY_NAMES[namespace.toLowerCase()] ?? namespace;
  return {
    id: `/providers/${PROVIDER_OPERATIONS_TYPE}/${namespace}`,
    name: namespace,
    type: PROVIDER_OPERATIONS_TYPE,
    displayName,
    resourceTypes: [...byType].map(([name, operations]) => ({ name, displayName: name, operations })),
    operations: topLevel,
  };
}

function providerOperationsHandler(namespaces: readonly string[], handlers: readonly ResourceTypeHandler[]): ResourceTypeHandler {
  return {
    resourceType: PROVIDER_OPERATIONS_TYPE,
    apiVersions: PROVIDER_OPERATIONS_API_VERSIONS,
    list() {
      return { status: 200, body: { value: namespaces.map((ns) => providerOperationsMetadata(ns, handlers)) } };
    },
    get(_ctx, id) {
      const namespace = namespaces.find((ns) => ns.toLowerCase() === id.name?.toLowerCase());
      if (namespace === undefined) throw armErrors.invalidResourceNamespace(id.name ?? "");
      return { status: 200, body: providerOperationsMetadata(namespace, handlers) };
    },
  };
}

/** One operations provider per namespace the given providers own; api-versions: all of that namespace's. */
export function operationListProviders(providers: readonly ResourceProvider[]): ResourceProvider[] {
  const every = providers.flatMap((p) => p.handlers);
  const byNamespace = new Map<string, { namespace: string; versions: Set<string> }>();
  for (const provider of providers) {
    if (provider.namespace === GENERIC_RESOURCE_TYPE) continue;
    const key = provider.namespace.toLowerCase();
    const entry = byNamespace.get(key) ?? { namespace: provider.namespace, versions: new Set<string>() };
    byNamespace.set(key, entry);
    for (const handler of provider.handlers) for (const v of handler.apiVersions) entry.versions.add(v);
  }
  const namespaces = [...byNamespace.values()];
  return [
    ...namespaces.map(({ namespace, versions }) => ({ namespace, handlers: [operationsListHandler(namespace, [...versions], every)] })),
    {
      namespace: "Microsoft.Authorization",
      handlers: [
        providerOperationsHandler(
          namespaces.map((n) => n.namespace),
          every,
        ),
      ],
    },
  ];
}
