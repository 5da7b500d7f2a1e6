-- 001_init.sql - the whole debrief domain (DESIGN.md section 1).
--
-- Applied by server/store/migrate.c inside one transaction and recorded in
-- schema_migrations with a checksum, so this file must never change once it
-- has shipped: add 002_*.sql instead. It must not contain BEGIN or COMMIT.
--
-- Sharding (DESIGN.md section 5): every table on the turn path (sessions,
-- messages, extractions, extraction_history, insights, insight_reviews,
-- notifications) has the owner's user id as the first column of its primary
-- key and of every unique constraint, and its foreign keys include it too.
-- A Postgres-compatible distributed database such as Citus can therefore
-- distribute all of them by owner_id (users by id) and co-locate them, so a
-- turn - which touches one owner's session, messages and extractions - never
-- needs a cross-shard transaction. templates is small, written rarely and
-- read everywhere: it is meant to be a reference (replicated) table.
--
-- Timestamps are timestamptz; the store reads them as microseconds since the
-- epoch. State-like columns are text with CHECK constraints rather than enum
-- types so that later migrations can add values without ALTER TYPE.

CREATE TABLE users (
  id           text PRIMARY KEY,               -- the JWT sub
  display_name text NOT NULL DEFAULT '',
  team_id      text NOT NULL DEFAULT '',
  role         text NOT NULL CHECK (role IN ('member', 'manager', 'admin')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_team_idx ON users (team_id);

-- Versioned interview definitions. definition is the canonical JSON document
-- of engine/template.h (without the version, which lives in the key).
CREATE TABLE templates (
  slug        text NOT NULL CHECK (slug ~ '^[a-z][a-z0-9_]{0,62}$'),
  version     integer NOT NULL CHECK (version >= 1),
  title       text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  definition  jsonb NOT NULL,
  builtin     boolean NOT NULL DEFAULT false,
  created_by  text NOT NULL DEFAULT '',        -- user id, or 'system' for built-ins
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (slug, version)
);
-- Keyset pagination of "latest per slug" and "all versions" lists.
CREATE INDEX templates_slug_version_desc_idx ON templates (slug, version DESC);

CREATE TABLE sessions (
  owner_id            text NOT NULL REFERENCES users (id),
  id                  uuid NOT NULL DEFAULT gen_random_uuid(),
  team_id             text NOT NULL DEFAULT '',
  template_slug       text NOT NULL,
  template_version    integer NOT NULL,
  subject_kind        text NOT NULL DEFAULT '',
  subject_key         text NOT NULL DEFAULT '',
  subject_title       text NOT NULL DEFAULT '',
  subject_attributes  jsonb NOT NULL DEFAULT '{}'::jsonb,
  state               text NOT NULL DEFAULT 'created'
                      CHECK (state IN ('created', 'active', 'paused', 'completed',
                                       'expired', 'cancelled')),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  started_at          timestamptz,
  completed_at        timestamptz,
  last_activity_at    timestamptz NOT NULL DEFAULT now(),
  expires_at          timestamptz,
  -- Set once an inactivity warning was sent for the current idle period.
  warned_at           timestamptz,
  turn_count          integer NOT NULL DEFAULT 0 CHECK (turn_count >= 0),
  -- Optimistic concurrency: every UPDATE bumps it (see store/sessions.c).
  version             bigint NOT NULL DEFAULT 1,
  -- The highest message seq persisted. The next frame takes last_seq + 1,
  -- allocated with UPDATE ... SET last_seq = last_seq + 1 RETURNING inside
  -- the turn's transaction, so seqs are gap-free and never reused.
  last_seq            bigint NOT NULL DEFAULT 0,
  plan_state          jsonb NOT NULL DEFAULT '{}'::jsonb,  -- engine.h plan state
  record              jsonb NOT NULL DEFAULT '{}'::jsonb,  -- extract.h record
  summary             jsonb,                               -- set on completion
  pending_question    jsonb,                               -- {question_id, seq, text, ...}
  context_session_ids uuid[] NOT NULL DEFAULT '{}',
  end_reason          text,
  -- CreateSession idempotency key; NULLs are distinct, so keyless creates never clash.
  request_id          text,
  PRIMARY KEY (owner_id, id),
  UNIQUE (owner_id, request_id),
  FOREIGN KEY (template_slug, template_version) REFERENCES templates (slug, version)
);
-- GetSession by id alone (a manager or admin reading someone else's session).
-- Not unique: under Citus a unique index must contain owner_id; gen_random_uuid
-- makes collisions a non-issue.
CREATE INDEX sessions_id_idx ON sessions (id);
-- ListSessions, newest first, keyset on (created_at, id), per visibility scope.
CREATE INDEX sessions_owner_created_idx ON sessions (owner_id, created_at DESC, id DESC);
CREATE INDEX sessions_team_created_idx ON sessions (team_id, created_at DESC, id DESC);
CREATE INDEX sessions_created_idx ON sessions (created_at DESC, id DESC);
-- Filters, and context continuity (earlier sessions about the same subject).
CREATE INDEX sessions_owner_subject_idx ON sessions (owner_id, subject_key, created_at DESC)
  WHERE subject_key <> '';
CREATE INDEX sessions_template_idx ON sessions (template_slug, created_at DESC);
CREATE INDEX sessions_state_created_idx ON sessions (state, created_at DESC);
-- The expiry sweeper scans only live sessions.
CREATE INDEX sessions_live_expiry_idx ON sessions (expires_at)
  WHERE state IN ('created', 'active', 'paused');
CREATE INDEX sessions_live_activity_idx ON sessions (last_activity_at)
  WHERE state IN ('active', 'paused');

-- The transcript: every persisted server frame and every user answer.
CREATE TABLE messages (
  owner_id       text NOT NULL,
  session_id     uuid NOT NULL,
  seq            bigint NOT NULL CHECK (seq >= 1),
  role           text NOT NULL CHECK (role IN ('assistant', 'user', 'system')),
  kind           text NOT NULL CHECK (kind IN ('question', 'answer', 'note', 'summary',
                                               'extraction', 'state', 'warning', 'completed')),
  text           text NOT NULL DEFAULT '',
  question_id    text,
  target_fields  text[] NOT NULL DEFAULT '{}',
  client_msg_id  text,
  -- The full server frame as sent (protobuf JSON), replayed after resume_after_seq.
  payload        jsonb,
  provider       text,
  model          text,
  tokens_in      integer,
  tokens_out     integer,
  latency_ms     integer,
  first_token_ms integer,
  fallback       boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner_id, session_id, seq),
  FOREIGN KEY (owner_id, session_id) REFERENCES sessions (owner_id, id) ON DELETE CASCADE,
  -- DESIGN invariant 2: an answer is stored once per client_msg_id. Writers use
  -- INSERT ... ON CONFLICT ON CONSTRAINT messages_client_msg_key DO NOTHING
  -- (or ON CONFLICT (owner_id, session_id, client_msg_id)) in the turn's
  -- transaction, never check-then-insert. owner_id leads so that the
  -- constraint stays enforceable when sharded by owner; since a session has
  -- exactly one owner it is the same as UNIQUE (session_id, client_msg_id).
  CONSTRAINT messages_client_msg_key UNIQUE (owner_id, session_id, client_msg_id)
);

-- The current value of each field; history below.
CREATE TABLE extractions (
  owner_id     text NOT NULL,
  session_id   uuid NOT NULL,
  field_key    text NOT NULL,
  value        jsonb NOT NULL,
  confidence   double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
  evidence_seq bigint NOT NULL DEFAULT 0,
  source       text NOT NULL CHECK (source IN ('rule', 'llm', 'user')),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner_id, session_id, field_key),
  FOREIGN KEY (owner_id, session_id) REFERENCES sessions (owner_id, id) ON DELETE CASCADE
);

CREATE TABLE extraction_history (
  owner_id     text NOT NULL,
  session_id   uuid NOT NULL,
  id           bigint GENERATED ALWAYS AS IDENTITY,
  field_key    text NOT NULL,
  value        jsonb NOT NULL,
  confidence   double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
  evidence_seq bigint NOT NULL DEFAULT 0,
  source       text NOT NULL CHECK (source IN ('rule', 'llm', 'user')),
  changed_by   text,                            -- user id for source 'user'
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner_id, session_id, id),
  FOREIGN KEY (owner_id, session_id) REFERENCES sessions (owner_id, id) ON DELETE CASCADE
);
CREATE INDEX extraction_history_field_idx
  ON extraction_history (owner_id, session_id, field_key, id);

CREATE TABLE insights (
  owner_id      text NOT NULL,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  session_id    uuid NOT NULL,
  team_id       text NOT NULL DEFAULT '',
  kind          text NOT NULL CHECK (kind IN ('risk', 'opportunity', 'next_step', 'coaching')),
  text          text NOT NULL,
  original_text text NOT NULL,
  confidence    double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
  status        text NOT NULL DEFAULT 'proposed'
                CHECK (status IN ('proposed', 'accepted', 'rejected', 'edited')),
  source_fields text[] NOT NULL DEFAULT '{}',
  reviewed_by   text,
  reviewed_at   timestamptz,
  -- Optimistic concurrency for reviews.
  version       bigint NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner_id, id),
  FOREIGN KEY (owner_id, session_id) REFERENCES sessions (owner_id, id) ON DELETE CASCADE
);
CREATE INDEX insights_id_idx ON insights (id);
CREATE INDEX insights_session_idx ON insights (owner_id, session_id, created_at, id);
CREATE INDEX insights_team_status_idx ON insights (team_id, status, created_at DESC, id DESC);

-- Audit of every review action, append-only.
CREATE TABLE insight_reviews (
  owner_id    text NOT NULL,
  insight_id  uuid NOT NULL,
  id          bigint GENERATED ALWAYS AS IDENTITY,
  reviewer_id text NOT NULL,
  action      text NOT NULL CHECK (action IN ('accept', 'reject', 'edit')),
  old_status  text NOT NULL,
  new_status  text NOT NULL,
  old_text    text,
  new_text    text,
  note        text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner_id, insight_id, id),
  FOREIGN KEY (owner_id, insight_id) REFERENCES insights (owner_id, id) ON DELETE CASCADE
);

-- Per-user events. id is monotonic (an identity), so WatchNotifications can
-- resume after an id; writers also NOTIFY debrief_notifications so that the
-- instance holding the user's stream wakes up (DESIGN.md section 5).
CREATE TABLE notifications (
  user_id    text NOT NULL REFERENCES users (id),
  id         bigint GENERATED ALWAYS AS IDENTITY,
  kind       text NOT NULL CHECK (kind IN ('inactivity_warning', 'session_expiring',
                                           'session_expired', 'session_completed',
                                           'insights_ready')),
  session_id uuid,
  text       text NOT NULL DEFAULT '',
  data       jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at    timestamptz,
  PRIMARY KEY (user_id, id)
);
-- At most one notification of a kind per session and idle period is the
-- sweeper's job; this index makes its existence check cheap.
CREATE INDEX notifications_session_kind_idx ON notifications (user_id, session_id, kind);
