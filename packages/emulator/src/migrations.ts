/**
 * The emulator's schema. Mirrors the PostHog models the four resources read and write, including the
 * unique partial index PostHog uses for template names (soft-deleted rows do not conflict).
 */
export const schemaSql = `
create extension if not exists pg_trgm;

create table if not exists emulator_meta (key text primary key, value text not null);

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
-- Added after the first release: data dirs created before it gain the column on open.
alter table personal_api_keys add column if not exists label text;

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
create index if not exists dashboards_name_trgm on dashboards using gin (name gin_trgm_ops);

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
