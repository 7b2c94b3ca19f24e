/**
 * A tiny provider for front-door tests: it stores what it is given (through the store, so
 * "nothing stored from a refused request" can be checked), validates with zod, and records
 * which handler method answered.
 */
import { z } from "zod";
import type { ResourceProvider, ResourceTypeHandler } from "../../src/arm/contract.js";

const thingBody = z.object({ location: z.string(), properties: z.object({ size: z.number() }).optional() });

const things: ResourceTypeHandler = {
  resourceType: "Test.Echo/things",
  apiVersions: ["2024-01-01", "2020-01-01-preview"],
  get(ctx, id) {
    const stored = ctx.services.store.get<Record<string, unknown>>("echo", id.key);
    if (stored === undefined) return { status: 404, body: { error: { code: "ResourceNotFound", message: id.id } } };
    return { status: 200, body: stored, headers: { "x-echo-method": "get" } };
  },
  put(ctx, id) {
    const body = thingBody.parse(ctx.body);
    const value = { id: id.id, name: id.name, type: "Test.Echo/things", ...body };
    ctx.services.store.put("echo", id.key, value);
    return { status: 201, body: value };
  },
  delete(ctx, id) {
    ctx.services.store.delete("echo", id.key);
    return { status: 202, headers: { location: `${ctx.baseUrl}/done` } };
  },
  list(ctx, parent) {
    return { status: 200, body: { value: ctx.services.store.list("echo", { prefix: parent.key }).map((i) => i.value) } };
  },
  actions: {
    listKeys: (ctx, id) => ({ status: 200, body: { action: "listKeys", id: id.id, apiVersion: ctx.apiVersion } }),
  },
};

const checks: ResourceTypeHandler = {
  resourceType: "Test.Echo/checkNameAvailability",
  apiVersions: ["2024-01-01"],
  post: (_ctx, parent) => ({ status: 200, body: { posted: parent.id } }),
};

const broken: ResourceTypeHandler = {
  resourceType: "Test.Echo/broken",
  apiVersions: ["2024-01-01"],
  get() {
    throw new Error("secret stack detail");
  },
};

const providersHandler: ResourceTypeHandler = {
  resourceType: "Microsoft.Resources/providers",
  apiVersions: ["2021-04-01"],
  get: (_ctx, id) => ({ status: 200, body: { id: id.id, namespace: id.name, registrationState: "Registered" } }),
  list: (_ctx, parent) => ({ status: 200, body: { value: [], scope: parent.id } }),
  actions: {
    register: (_ctx, id) => ({ status: 200, body: { registered: id.name, id: id.id } }),
  },
};

const generic: ResourceTypeHandler = {
  resourceType: "*",
  apiVersions: [],
  get: (ctx, id) => ({ status: 200, body: { generic: true, type: id.resourceType, apiVersion: ctx.apiVersion } }),
};

export const echoProvider: ResourceProvider = { namespace: "Test.Echo", handlers: [things, checks, broken] };
export const echoResourcesProvider: ResourceProvider = { namespace: "Microsoft.Resources", handlers: [providersHandler] };
export const echoGenericProvider: ResourceProvider = { namespace: "*", handlers: [generic] };
export const echoProviders = [echoProvider, echoResourcesProvider, echoGenericProvider];
