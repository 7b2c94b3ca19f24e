/**
 * Everything a request handler may use, built once at start-up from the configuration.
 * Domain services from packages/* are added here as fields; handlers reach them through
 * ctx.services and never construct their own.
 */
import type { ApiVersionRegistry, CoreEvent, EventBus, Store } from "@azmi/arm-core";

export interface EmulatorConfig {
  readonly host: string;
  readonly port: number;
  /** undefined with --in-memory. */
  readonly dataDir: string | undefined;
  readonly tenantId: string;
  readonly subscriptions: readonly string[];
  readonly authMode: "permissive" | "strict";
}

/** Every event any package emits or handles. Packages add their own variants here. */
export type AzmiEvent = CoreEvent;

export interface Services {
  readonly config: EmulatorConfig;
  readonly store: Store;
  readonly events: EventBus<AzmiEvent>;
  readonly apiVersions: ApiVersionRegistry;
}
