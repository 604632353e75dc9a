-- auth.invitations (tenant): an invitation to join an organization with roles and workspace access, accepted through
-- a single-use link. Only the SHA-256 of the 32-byte token is stored (the audit trigger leaves *_hash columns out).
-- Status changes go through invitationMachine (src/server/modules/admin/invitations.service.ts).
CREATE TYPE "auth"."invitation_status" AS ENUM ('pending', 'accepted', 'revoked', 'expired');

CREATE TABLE "auth"."invitations" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "all_workspaces" BOOLEAN NOT NULL DEFAULT false,
    "status" "auth"."invitation_status" NOT NULL DEFAULT 'pending',
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    "invited_by" UUID,
    "accepted_by_user_id" UUID,
    "accepted_at" TIMESTAMPTZ(6),
    "revoked_at" TIMESTAMPTZ(6),
    "sent_count" INTEGER NOT NULL DEFAULT 1,
    "last_sent_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,
    CONSTRAINT "invitations_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "invitations_email_check" CHECK ("email" = lower("email") AND "email" ~ '^[^@\s]+@[^@\s]+$'),
    CONSTRAINT "invitations_token_hash_check" CHECK ("token_hash" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "invitations_sent_count_check" CHECK ("sent_count" >= 1),
    CONSTRAINT "invitations_accepted_check" CHECK (("status" = 'accepted') = ("accepted_at" IS NOT NULL AND "accepted_by_user_id" IS NOT NULL)),
    CONSTRAINT "invitations_revoked_check" CHECK (("status" = 'revoked') = ("revoked_at" IS NOT NULL))
);
-- The token is looked up across organizations (by the system role, before any scope exists); it leads the key.
CREATE UNIQUE INDEX "invitations_token_hash_organization_id_key" ON "auth"."invitations"("token_hash", "organization_id");
-- One pending invitation per organization and address.
CREATE UNIQUE INDEX "invitations_one_pending_key" ON "auth"."invitations"("organization_id", "email") WHERE "status" = 'pending';
CREATE INDEX "invitations_organization_id_created_at_idx" ON "auth"."invitations"("organization_id", "created_at");
CREATE INDEX "invitations_organization_id_email_idx" ON "auth"."invitations"("organization_id", "email");

CREATE TABLE "auth"."invitation_roles" (
    "organization_id" UUID NOT NULL,
    "invitation_id" UUID NOT NULL,
    "role_id" UUID NOT NULL,
    CONSTRAINT "invitation_roles_pkey" PRIMARY KEY ("organization_id", "invitation_id", "role_id")
);
CREATE INDEX "invitation_roles_organization_id_role_id_idx" ON "auth"."invitation_roles"("organization_id", "role_id");

CREATE TABLE "auth"."invitation_workspaces" (
    "organization_id" UUID NOT NULL,
    "invitation_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    CONSTRAINT "invitation_workspaces_pkey" PRIMARY KEY ("organization_id", "invitation_id", "workspace_id")
);
CREATE INDEX "invitation_workspaces_organization_id_workspace_id_idx" ON "auth"."invitation_workspaces"("organization_id", "workspace_id");

ALTER TABLE "auth"."invitations" ADD CONSTRAINT "invitations_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "auth"."invitations" ADD CONSTRAINT "invitations_invited_by_fkey"
  FOREIGN KEY ("invited_by") REFERENCES "auth"."users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "auth"."invitations" ADD CONSTRAINT "invitations_accepted_by_user_id_fkey"
  FOREIGN KEY ("accepted_by_user_id") REFERENCES "auth"."users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "invitations_invited_by_idx" ON "auth"."invitations"("invited_by");
CREATE INDEX "invitations_accepted_by_user_id_idx" ON "auth"."invitations"("accepted_by_user_id");

ALTER TABLE "auth"."invitation_roles" ADD CONSTRAINT "invitation_roles_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "auth"."invitation_roles" ADD CONSTRAINT "invitation_roles_organization_id_invitation_id_fkey"
  FOREIGN KEY ("organization_id", "invitation_id") REFERENCES "auth"."invitations"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "auth"."invitation_roles" ADD CONSTRAINT "invitation_roles_organization_id_role_id_fkey"
  FOREIGN KEY ("organization_id", "role_id") REFERENCES "auth"."roles"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "auth"."invitation_workspaces" ADD CONSTRAINT "invitation_workspaces_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "auth"."invitation_workspaces" ADD CONSTRAINT "invitation_workspaces_organization_id_invitation_id_fkey"
  FOREIGN KEY ("organization_id", "invitation_id") REFERENCES "auth"."invitations"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "auth"."invitation_workspaces" ADD CONSTRAINT "invitation_workspaces_organization_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "workspace_id") REFERENCES "platform"."workspaces"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

SELECT platform.tenant_table('auth.invitations');
SELECT platform.tenant_table('auth.invitation_roles');
SELECT platform.tenant_table('auth.invitation_workspaces');
