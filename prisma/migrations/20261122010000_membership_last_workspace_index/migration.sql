-- Every foreign key has an index leading with organization_id (ARCHITECTURE §4).
CREATE INDEX "memberships_organization_id_last_workspace_id_idx" ON "auth"."memberships"("organization_id", "last_workspace_id");
