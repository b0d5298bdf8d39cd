/**
 * The emulator's schema, as versioned migrations that both backends (PGlite and a PostgreSQL server) run
 * unchanged. Mirrors the PostHog models the four resources read and write, including the unique partial
 * index PostHog uses for template names (soft-deleted rows do not conflict).
 *
 * Every migration is idempotent (`if not exists`), so a database from before versioning (which has no
 * `schema_version`) simply runs them all again. `emulator_meta.schema_version` records the newest one
 * applied; a start applies only newer ones.
 */

/** What the server offers that a migration may use. */
export interface Capabilities {
  /** The `pg_trgm` extension (PGlite always has it; a PostgreSQL server has it with its contrib package). */
  readonly trgm: boolean
}

export interface Migration {
  readonly version: number
  readonly sql: (caps: Capabilities) => string
}

/** Created before any migration runs: it holds `schema_version`. */
export const metaTableSql =
  "create table if not exists emulator_meta (key text primary key, value text not null)"

const baseSchema = `

create table if not exists organizations (
  id uuid primary key,
  name text not null,
  features text[] not null default '{}',
  flags text[] not null default '{}',
  members_can_use_personal_api_keys boolean not null default true,
  allow_publicly_shared_resources boolean not null default true,
  created_at timestamptz not null default clock_timestamp()
);

create table if not exists projects (
  id serial primary key,
  organization_id uuid not null references organizations(id),
  name text not null,
  created_at timestamptz not null default clock_timestamp()
);

create table if not exists users (
  id serial primary key,
  uuid uuid not null unique,
  distinct_id text not null,
  email text not null unique,
  first_name text not null default '',
  last_name text not null default '',
  is_staff boolean not null default false,
  is_email_verified boolean,
  role_at_organization text,
  current_team_id int
);

create table if not exists memberships (
  user_id int not null references users(id),
  organization_id uuid not null references organizations(id),
  primary key (user_id, organization_id)
);

create table if not exists personal_api_keys (
  id text primary key,
  user_id int not null references users(id),
  secure_value text not null unique,
  scopes text[] not null,
  scoped_teams int[],
  scoped_organizations text[],
  created_at timestamptz not null default clock_timestamp()
);

create table if not exists comments (
  seq bigserial unique,
  id uuid primary key,
  team_id int not null references projects(id),
  content text,
  rich_content jsonb,
  version int not null default 0,
  created_at timestamptz not null default clock_timestamp(),
  created_by int references users(id),
  deleted boolean default false,
  item_id varchar(72),
  item_context jsonb,
  scope varchar(79) not null,
  source_comment_id uuid references comments(id),
  is_task boolean default false,
  completed_at timestamptz,
  completed_by int references users(id)
);
create index if not exists comments_team_created on comments (team_id, created_at desc, seq desc);

create table if not exists dashboard_templates (
  seq bigserial unique,
  id uuid primary key,
  team_id int references projects(id),
  template_name varchar(400),
  dashboard_description varchar(400),
  dashboard_filters jsonb,
  tiles jsonb,
  variables jsonb,
  tags varchar(255)[],
  created_at timestamptz default clock_timestamp(),
  created_by int references users(id),
  deleted boolean,
  image_url varchar(8201),
  scope varchar(24),
  availability_contexts varchar(255)[],
  is_featured boolean not null default false
);
create unique index if not exists unique_template_name_per_team
  on dashboard_templates (template_name, team_id) where deleted is null or deleted = false;

create table if not exists dashboards (
  id serial primary key,
  team_id int not null references projects(id),
  name varchar(400),
  description text not null default '',
  pinned boolean not null default false,
  created_at timestamptz not null default clock_timestamp(),
  created_by int references users(id),
  deleted boolean not null default false,
  last_accessed_at timestamptz,
  last_refresh timestamptz,
  filters jsonb not null default '{}',
  variables jsonb,
  breakdown_colors jsonb,
  data_color_theme_id int,
  creation_mode varchar(16) not null default 'default',
  restriction_level int not null default 21,
  quick_filter_ids jsonb,
  tags text[] not null default '{}',
  tiles jsonb not null default '[]'
);

create table if not exists sharing_configurations (
  id serial primary key,
  team_id int not null references projects(id),
  dashboard_id int not null references dashboards(id),
  enabled boolean not null default false,
  access_token text not null unique,
  settings jsonb,
  password_required boolean not null default false,
  created_at timestamptz not null default clock_timestamp(),
  expires_at timestamptz
);

create table if not exists share_passwords (
  id serial primary key,
  sharing_configuration_id int not null references sharing_configurations(id),
  created_at timestamptz not null default clock_timestamp(),
  created_by int references users(id),
  note text not null default '',
  password_hash text not null,
  is_active boolean not null default true
);
`

export const migrations: ReadonlyArray<Migration> = [
  { version: 1, sql: () => baseSchema },
  // Added after the first release: data dirs created before it gain the column.
  { version: 2, sql: () => "alter table personal_api_keys add column if not exists label text" },
  {
    version: 3,
    // Dashboard search ranks by trigram similarity, as PostHog does. Without pg_trgm a substring match stands
    // in for `similarity()` (1 on a match, else 0): search still finds names and descriptions containing the
    // words, without the fuzzy matches.
    sql: (caps) =>
      caps.trgm
        ? `create extension if not exists pg_trgm;
create index if not exists dashboards_name_trgm on dashboards using gin (name gin_trgm_ops);`
        : `create or replace function similarity(a text, b text) returns real language sql immutable as
$$ select case when position(lower(b) in lower(coalesce(a, ''))) > 0 then 1 else 0 end::real $$;`
  },
  {
    version: 4,
    // Several emulator processes on one server count writes and marks here (see PostgresDatabase); an
    // embedded database never reads them.
    sql: () => `create sequence if not exists emulator_writes;
create sequence if not exists emulator_marks;`
  },
  {
    version: 5,
    // Newer PostHog: a dashboard's project-tree folder; a sharing link once disabled gets a new token when
    // enabled again.
    sql: () => `alter table dashboards add column if not exists folder text;
alter table sharing_configurations add column if not exists ever_enabled boolean not null default false;`
  },
  {
    version: 6,
    // Several processes on one server: the count of reads that changed something (see PostgresDatabase) moves
    // with the rows it announces, in the same transaction; a sequence would move before they commit.
    sql: () => `create table if not exists emulator_counters (id int primary key, marks bigint not null default 0);
insert into emulator_counters (id, marks) values (1, 0) on conflict (id) do nothing;`
  },
  {
    version: 7,
    // The emulator's clock: the server's, moved by `PUT /_emulator/clock` (tests reach PostHog's time
    // limits, such as a refreshed share token's grace period, without waiting). Every "now" reads it.
    sql: () => `create or replace function emulator_now() returns timestamptz language sql volatile as
$$ select clock_timestamp() + coalesce((select value::bigint from emulator_meta where key = 'clock_offset_ms'), 0)
  * interval '1 millisecond' $$;
alter table organizations alter column created_at set default emulator_now();
alter table projects alter column created_at set default emulator_now();
alter table personal_api_keys alter column created_at set default emulator_now();
alter table comments alter column created_at set default emulator_now();
alter table dashboard_templates alter column created_at set default emulator_now();
alter table dashboards alter column created_at set default emulator_now();
alter table sharing_configurations alter column created_at set default emulator_now();
alter table share_passwords alter column created_at set default emulator_now();`
  }
]

/** The newest schema version this build knows. */
export const SCHEMA_VERSION = Math.max(...migrations.map((m) => m.version))

/** The whole schema as one text (names the PGlite snapshot of an empty database). */
export const schemaText = (caps: Capabilities) =>
  [metaTableSql, ...migrations.map((m) => `-- ${m.version}\n${m.sql(caps)}`)].join(";\n")

/**
 * Brings a database to SCHEMA_VERSION. `exec` runs SQL text (several statements), `query` one parameterized
 * statement. Callers serialize concurrent starts (PGlite is one process; on a server, an advisory lock).
 */
export const migrate = async (
  exec: (sql: string) => Promise<unknown>,
  query: (sql: string, params: unknown[]) => Promise<{ rows: Array<{ value: string }> }>,
  caps: Capabilities
): Promise<void> => {
  await exec(metaTableSql)
  const found = await query("select value from emulator_meta where key = $1", ["schema_version"])
  const current = Number(found.rows[0]?.value ?? "0")
  for (const m of migrations) {
    if (m.version <= current) continue
    await exec(m.sql(caps))
    await query(
      "insert into emulator_meta (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value",
      ["schema_version", String(m.version)]
    )
  }
}

/** Every data table, children first, for reset. */
export const dataTables = [
  "share_passwords",
  "sharing_configurations",
  "dashboards",
  "dashboard_templates",
  "comments",
  "personal_api_keys",
  "memberships",
  "users",
  "projects",
  "organizations"
] as const
