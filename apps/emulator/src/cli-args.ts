/** Parsing of `azmi start` options into the emulator configuration (kept apart from cli.ts, which runs on import). */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { AZURE_THROTTLE_LIMITS, bucketLimitSchema, requestKindSchema, type ThrottleLimits } from "@azmi/arm-core";
import { DEFAULT_SUBSCRIPTION_ID, DEFAULT_TENANT_ID, defaultConfig, type EmulatorConfig } from "./config.js";
import { parseDuration } from "./duration.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export class UsageError extends Error {}

export function parseStartArgs(args: readonly string[], cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): EmulatorConfig {
  const { values } = parseArgs({
    args: withThrottleValue(args),
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string", default: "4566" },
      host: { type: "string", default: "127.0.0.1" },
      "data-dir": { type: "string" },
      "in-memory": { type: "boolean", default: false },
      store: { type: "string" },
      tenant: { type: "string", default: DEFAULT_TENANT_ID },
      subscription: { type: "string", multiple: true },
      auth: { type: "string", default: "permissive" },
      // Tokens (issue 7): federation issuers to trust, and strict mode's operator application.
      "trust-issuer": { type: "string", multiple: true },
      "operator-client-id": { type: "string" },
      "operator-client-secret": { type: "string" },
      "allow-host": { type: "string", multiple: true },
      // Issue 17: ARM throttling, off unless asked for (its value is optional: see withThrottleValue).
      throttle: { type: "string" },
      // Issue 17: Azure's eventual consistency, simulated on purpose (off by default).
      "replication-delay": { type: "string" },
      "rbac-propagation-delay": { type: "string" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got '${values.port}'`);
  if (values["in-memory"] && values["data-dir"] !== undefined) throw new UsageError("--data-dir and --in-memory exclude each other");
  const store = storeOption(values.store ?? (values["in-memory"] || values["data-dir"] !== undefined ? undefined : env.AZMI_STORE));
  if (store !== undefined && (values["in-memory"] || values["data-dir"] !== undefined)) throw new UsageError("--store excludes --data-dir and --in-memory");
  if (values.auth !== "permissive" && values.auth !== "strict") throw new UsageError(`--auth must be permissive or strict, got '${values.auth}'`);
  const tenant = values.tenant!;
  if (!GUID.test(tenant)) throw new UsageError(`--tenant must be a GUID, got '${tenant}'`);
  const subscriptions = values.subscription ?? [DEFAULT_SUBSCRIPTION_ID];
  for (const s of subscriptions) if (!GUID.test(s)) throw new UsageError(`--subscription must be a GUID, got '${s}'`);
  return defaultConfig({
    host: values.host!,
    port,
    dataDir: values["in-memory"] || store !== undefined ? undefined : resolve(cwd, values["data-dir"] ?? ".azmi"),
    ...(store === undefined ? {} : { store }),
    tenantId: tenant.toLowerCase(),
    subscriptions: subscriptions.map((s) => s.toLowerCase()),
    authMode: values.auth,
    ...tokenOptions(values),
    ...allowedHosts(values["allow-host"]),
    ...(values.throttle === undefined ? {} : { throttle: throttleLimits(values.throttle) }),
    ...consistencyDelays(values),
  });
}

/** `--store` / AZMI_STORE: a PostgreSQL connection string (the only shared store there is). */
function storeOption(value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--store expects a PostgreSQL connection string (postgres://user:password@host:port/database), got '${value}'`);
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new UsageError(`--store expects a PostgreSQL connection string (postgres://user:password@host:port/database), got a ${url.protocol} URL`);
  }
  return value;
}

/** --trust-issuer, --operator-client-id and --operator-client-secret, checked here so a typo stops the start. */
function tokenOptions(values: { "trust-issuer"?: string[]; "operator-client-id"?: string; "operator-client-secret"?: string }): Partial<EmulatorConfig> {
  const out: { trustIssuers?: string[]; operatorClientId?: string; operatorClientSecret?: string } = {};
  const trust = values["trust-issuer"] ?? [];
  for (const option of trust) {
    const at = option.lastIndexOf("=");
    if (at <= 0 || at === option.length - 1) throw new UsageError(`--trust-issuer expects ISSUER=JWKS_FILE, got '${option}'`);
  }
  if (trust.length > 0) out.trustIssuers = trust;
  const clientId = values["operator-client-id"];
  if (clientId !== undefined) {
    if (!GUID.test(clientId)) throw new UsageError(`--operator-client-id must be a GUID, got '${clientId}'`);
    out.operatorClientId = clientId.toLowerCase();
  }
  const secret = values["operator-client-secret"];
  if (secret !== undefined) {
    if (secret === "") throw new UsageError("--operator-client-secret must not be empty");
    out.operatorClientSecret = secret;
  }
  return out;
}

/** --allow-host NAME: a plain host name (no scheme, port or wildcard). */
function allowedHosts(names: readonly string[] | undefined): Partial<EmulatorConfig> {
  if (names === undefined) return {};
  for (const name of names) {
    if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(name)) throw new UsageError(`--allow-host expects a host name, got '${name}'`);
  }
  return { allowedHosts: names.map((n) => n.toLowerCase()) };
}

/**
 * `--throttle` alone means Azure's limits, `--throttle SPEC` sets some: node's parseArgs has no
 * optional values, so a bare `--throttle` (last, or followed by another option) is given an
 * empty one here. Any other next argument is its value: azmi start takes no positionals.
 */
function withThrottleValue(args: readonly string[]): string[] {
  return args.map((arg, i) => (arg === "--throttle" && (i === args.length - 1 || args[i + 1]!.startsWith("-")) ? "--throttle=" : arg));
}

/** `reads=20:2,writes=10:1,deletes=10:1` (bucket size : refill per second); a kind left out keeps Azure's limit. */
export function throttleLimits(spec: string): ThrottleLimits {
  const limits: { -readonly [K in keyof ThrottleLimits]: ThrottleLimits[K] } = { ...AZURE_THROTTLE_LIMITS };
  if (spec.trim() === "") return limits;
  const usage = `--throttle expects KIND=BUCKET:REFILL_PER_SECOND[,...] with KIND reads, writes or deletes (e.g. reads=20:2,writes=10:1,deletes=10:1)`;
  for (const part of spec.split(",")) {
    const match = /^\s*([a-z]+)\s*=\s*([^:]+):(.+)$/i.exec(part);
    const kind = requestKindSchema.safeParse(match?.[1]?.toLowerCase());
    const limit = bucketLimitSchema.safeParse({ size: Number(match?.[2]), refillPerSecond: Number(match?.[3]) });
    if (match === null || !kind.success) throw new UsageError(`${usage}, got '${part}'`);
    if (!limit.success) throw new UsageError(`${usage}; the bucket is a whole number of requests and the refill a positive number, got '${part}'`);
    limits[kind.data] = limit.data;
  }
  return limits;
}

/** --replication-delay and --rbac-propagation-delay: durations such as 10s, 500ms or 2m. */
function consistencyDelays(values: { "replication-delay"?: string; "rbac-propagation-delay"?: string }): Partial<EmulatorConfig> {
  const delay = (name: keyof typeof values): number | undefined => {
    const text = values[name];
    if (text === undefined) return undefined;
    const ms = parseDuration(text);
    if (ms === undefined) throw new UsageError(`--${name} expects a duration such as 10s, 500ms or 2m, got '${text}'`);
    return ms;
  };
  const replicationDelayMs = delay("replication-delay");
  const rbacPropagationDelayMs = delay("rbac-propagation-delay");
  return { ...(replicationDelayMs === undefined ? {} : { replicationDelayMs }), ...(rbacPropagationDelayMs === undefined ? {} : { rbacPropagationDelayMs }) };
}
