/** What one azmi is started with: the command line's options as one value (cli-args.ts parses them). */
import type { ThrottleLimits } from "@azmi/arm-core";

export interface EmulatorConfig {
  readonly host: string;
  readonly port: number;
  /** undefined with --in-memory or --store. */
  readonly dataDir: string | undefined;
  /** `--store postgres://...` (or AZMI_STORE): state in PostgreSQL, shared by every azmi started on it. */
  readonly store?: string;
  readonly tenantId: string;
  readonly subscriptions: readonly string[];
  readonly authMode: "permissive" | "strict";
  /** `--trust-issuer <issuer>=<jwks file>`: federation issuers whose keys azmi checks assertions against. */
  readonly trustIssuers?: readonly string[];
  /** Strict mode's operator application (Owner at the tenant root); defaults in tokens/operator.ts. */
  readonly operatorClientId?: string;
  readonly operatorClientSecret?: string;
  /** `--allow-host NAME`: host names azmi answers for besides its own (listener/admission.ts). */
  readonly allowedHosts?: readonly string[];
  /** `--throttle [reads=B:R,writes=B:R,deletes=B:R]`: ARM's token buckets (arm/steps/throttle.ts); absent, ARM never throttles. */
  readonly throttle?: ThrottleLimits;
  /** `--replication-delay`: how long a new service principal is missing from ARM's and Graph's view of the directory. */
  readonly replicationDelayMs?: number;
  /** `--rbac-propagation-delay`: how long an added or removed role assignment takes to change strict-mode decisions. */
  readonly rbacPropagationDelayMs?: number;
}

export const DEFAULT_TENANT_ID = "00000000-0000-0000-0000-000000000000";
export const DEFAULT_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";

export function defaultConfig(overrides: Partial<EmulatorConfig> = {}): EmulatorConfig {
  return {
    host: "127.0.0.1",
    port: 4566,
    dataDir: undefined,
    tenantId: DEFAULT_TENANT_ID,
    subscriptions: [DEFAULT_SUBSCRIPTION_ID],
    authMode: "permissive",
    ...overrides,
  };
}
