-- crm.deal_totals of every organization whose deals predate the totals (see 20261202090000_catalog_reconcile:
-- 20261201270000's rebuild loop saw no organization, tessera_owner being subject to FORCE ROW LEVEL SECURITY).
--
-- Derived data is rebuilt here, with platform.organizations read as its owner without forcing for the one
-- statement that lists the organizations (ACCESS EXCLUSIVE until commit: nobody sees the moment).
-- crm.deal_totals_rebuild sets app.org_id and the workspaces itself, so the deals and totals stay under RLS.
ALTER TABLE "platform"."organizations" NO FORCE ROW LEVEL SECURITY;
SELECT "crm"."deal_totals_rebuild"(o."id") FROM "platform"."organizations" o;
ALTER TABLE "platform"."organizations" FORCE ROW LEVEL SECURITY;
