/**
 * The PostgreSQL schema, as numbered migrations azmi applies itself at start (in one
 * transaction, under an advisory lock, so replicas starting together migrate once). A database
 * migrated by a newer azmi is refused: this binary cannot know what the newer schema means.
 *
 * Keys and index values are compared as bytes (COLLATE "C"), the order SQLite and the memory
 * store use; documents are JSON text, not jsonb, so they read back exactly as written.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "documents, index entries, change counter",
    sql: `
      CREATE TABLE azmi_docs (
        collection text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (collection, key));
      CREATE TABLE azmi_idx (
        collection text COLLATE "C" NOT NULL,
        name text COLLATE "C" NOT NULL,
        value text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        uniq boolean NOT NULL DEFAULT false,
        PRIMARY KEY (collection, name, value, key));
      CREATE INDEX azmi_idx_by_key ON azmi_idx (collection, key);
      -- A unique index entry (PutOptions.unique) is held by one document at most: the database, not a
      -- process, decides which of two concurrent writers gets it.
      CREATE UNIQUE INDEX azmi_idx_unique ON azmi_idx (collection, name, value) WHERE uniq;
      -- Bumped by every committing write transaction: replicas compare it to drop their caches.
      CREATE TABLE azmi_changes (id integer PRIMARY KEY CHECK (id = 1), version bigint NOT NULL);
      INSERT INTO azmi_changes (id, version) VALUES (1, 0);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Any constant: the advisory lock that serialises migrations of one database. */
export const MIGRATION_LOCK = 7_150_020;

export class SchemaTooNewError extends Error {
  constructor(found: number) {
    super(
      `the PostgreSQL database has azmi schema version ${found}, newer than this azmi knows (${SCHEMA_VERSION}): ` +
        `it was migrated by a newer azmi; run that version (or point --store at another database)`,
    );
    this.name = "SchemaTooNewError";
  }
}
