/**
 * Every resource provider the ARM pipeline serves. One import line per provider: add yours
 * here (keep the list sorted by namespace). The api-version registry and the dispatch table
 * are built from this list at start-up.
 */
import type { ResourceProvider } from "../arm/contract.js";

export const providers: ResourceProvider[] = [];
