-- Sign-up, e-mail verification and password reset (issue 4).
--
-- auth.user_tokens (global, system role only): single-use tokens mailed to a user. Only the SHA-256 of the token is
-- stored, so a database dump cannot be used to verify an address or reset a password. A token is consumed by one
-- atomic `update … where used_at is null and expires_at > now() returning`.
CREATE TYPE "auth"."token_purpose" AS ENUM ('verify_email', 'reset_password');

CREATE TABLE "auth"."user_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "purpose" "auth"."token_purpose" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    "used_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "user_tokens_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "user_tokens_token_hash_check" CHECK ("token_hash" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "user_tokens_expiry_check" CHECK ("expires_at" > "created_at")
);
CREATE UNIQUE INDEX "user_tokens_token_hash_key" ON "auth"."user_tokens"("token_hash");
CREATE INDEX "user_tokens_user_id_purpose_idx" ON "auth"."user_tokens"("user_id", "purpose");
ALTER TABLE "auth"."user_tokens" ADD CONSTRAINT "user_tokens_user_id_fkey"
  FOREIGN KEY ("user_id") REFERENCES "auth"."users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "auth"."user_tokens" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "auth"."user_tokens" FORCE ROW LEVEL SECURITY;
REVOKE ALL ON "auth"."user_tokens" FROM tessera_app;

-- auth.account_requests (global, system role only): every public request that sends mail (sign-up, resend
-- verification, password reset), counted per e-mail and per IP to throttle them — like auth.login_attempts, it
-- must hold across app instances. Counted whether or not the e-mail has an account, so throttling reveals nothing.
CREATE TABLE "auth"."account_requests" (
    "id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "ip" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "account_requests_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "account_requests_action_check" CHECK ("action" IN ('sign_up', 'resend_verification', 'password_reset'))
);
CREATE INDEX "account_requests_email_created_at_idx" ON "auth"."account_requests"("email", "created_at");
CREATE INDEX "account_requests_ip_created_at_idx" ON "auth"."account_requests"("ip", "created_at");

ALTER TABLE "auth"."account_requests" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "auth"."account_requests" FORCE ROW LEVEL SECURITY;
REVOKE ALL ON "auth"."account_requests" FROM tessera_app;
