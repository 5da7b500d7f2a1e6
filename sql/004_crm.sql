-- 004_crm.sql - the CRM webhook outbox (docs/crm.md).
--
-- PushToCrm, and the completion of a session whose template sets
-- crm.auto_push, insert one row here in the same transaction as anything
-- else they record. The delivery worker (server/delivery/) claims due rows
-- with FOR UPDATE SKIP LOCKED, leases them (claimed_until) and commits, then
-- POSTs body to the webhook outside any transaction, and records the
-- outcome only while its claim is still the current one (claimed_by and
-- attempts). A claim of a crashed instance expires, and another instance
-- re-delivers the same body with the same idempotency key.
--
-- Keyed by owner_id like every table on the session path (sql/001_init.sql),
-- so a sharded database co-locates a delivery with its session.
CREATE TABLE crm_deliveries (
  owner_id         text NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  session_id       uuid NOT NULL,
  team_id          text NOT NULL DEFAULT '',
  -- The session version the payload was built from: one delivery per version.
  session_version  bigint NOT NULL,
  target           text NOT NULL,
  trigger          text NOT NULL CHECK (trigger IN ('manual', 'auto')),
  requested_by     text NOT NULL DEFAULT '',
  -- Sent as Idempotency-Key on every attempt; never changes.
  idempotency_key  text NOT NULL,
  -- The exact bytes that are signed and sent (text, not jsonb, so they never change).
  body             text NOT NULL,
  status           text NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  -- The lease of the worker delivering it now; NULL when nobody holds it.
  claimed_until    timestamptz,
  claimed_by       text,
  last_http_status integer,
  last_error       text NOT NULL DEFAULT '',
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  PRIMARY KEY (owner_id, id),
  UNIQUE (owner_id, session_id, session_version),
  FOREIGN KEY (owner_id, session_id) REFERENCES sessions (owner_id, id) ON DELETE CASCADE
);
-- The worker's claim: due pending rows, oldest first.
CREATE INDEX crm_deliveries_due_idx ON crm_deliveries (next_attempt_at) WHERE status = 'pending';
-- RetryCrmDelivery by id alone, and the admin list newest first.
CREATE INDEX crm_deliveries_id_idx ON crm_deliveries (id);
CREATE INDEX crm_deliveries_created_idx ON crm_deliveries (created_at DESC, id DESC);
