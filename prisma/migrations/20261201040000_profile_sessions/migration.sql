-- My profile: a user's language and time-zone overrides, and their active sessions.

-- Overrides of the organization's locale and time zone; NULL means "the organization's".
ALTER TABLE "auth"."users"
  ADD COLUMN "locale" TEXT,
  ADD COLUMN "time_zone" TEXT,
  ADD CONSTRAINT "users_locale_check" CHECK ("locale" ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
  ADD CONSTRAINT "users_time_zone_check" CHECK (length("time_zone") BETWEEN 1 AND 64);
GRANT SELECT ("locale", "time_zone") ON "auth"."users" TO tessera_app;
GRANT UPDATE ("locale", "time_zone") ON "auth"."users" TO tessera_app;

-- auth.sessions (global, per user): one row per sign-in; its id travels in the JWT as `sid` and is checked on every
-- request. Created by the system role at sign-in (no user scope exists yet); the runtime role sees and ends only
-- the signed-in user's own sessions (app.user_id), and can change nothing but last_seen_at and revoked_at.
CREATE TABLE "auth"."sessions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "user_agent" TEXT,
    "device" TEXT,
    "ip" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(6),
    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "sessions_user_agent_check" CHECK (length("user_agent") <= 1024),
    CONSTRAINT "sessions_device_check" CHECK (length("device") <= 200)
);
CREATE INDEX "sessions_user_id_created_at_idx" ON "auth"."sessions"("user_id", "created_at");
ALTER TABLE "auth"."sessions" ADD CONSTRAINT "sessions_user_id_fkey"
  FOREIGN KEY ("user_id") REFERENCES "auth"."users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "auth"."sessions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "auth"."sessions" FORCE ROW LEVEL SECURITY;
CREATE POLICY own_sessions ON "auth"."sessions"
  USING (user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid))
  WITH CHECK (user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid));
REVOKE ALL ON "auth"."sessions" FROM tessera_app;
GRANT SELECT ON "auth"."sessions" TO tessera_app;
GRANT UPDATE ("last_seen_at", "revoked_at") ON "auth"."sessions" TO tessera_app;
