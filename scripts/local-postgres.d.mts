export interface LocalPostgres {
  readonly url: string;
  stop(): void;
  pause(): void;
  resume(): void;
}
export function findPostgresBin(): string | undefined;
export function startLocalPostgres(options?: { own?: boolean }): Promise<LocalPostgres | { skipped: string }>;
export function databaseUrl(url: string, name: string): string;
export function createDatabase(url: string, name: string): string;
