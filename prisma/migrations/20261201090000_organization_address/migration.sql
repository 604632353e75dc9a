-- The organization's postal address (issue 4): street lines, city, region and postal code on its profile. The
-- country of the address is the organization's own country. Edited by platform.organizations.update (the
-- current_update policy already lets an admin update the row); the audit trigger records the old and new values.
ALTER TABLE "platform"."organizations"
  ADD COLUMN "address_line1" TEXT,
  ADD COLUMN "address_line2" TEXT,
  ADD COLUMN "city" TEXT,
  ADD COLUMN "region" TEXT,
  ADD COLUMN "postal_code" TEXT,
  ADD CONSTRAINT "organizations_address_line1_check" CHECK ("address_line1" IS NULL OR length(btrim("address_line1")) BETWEEN 1 AND 200),
  ADD CONSTRAINT "organizations_address_line2_check" CHECK ("address_line2" IS NULL OR length(btrim("address_line2")) BETWEEN 1 AND 200),
  ADD CONSTRAINT "organizations_city_check" CHECK ("city" IS NULL OR length(btrim("city")) BETWEEN 1 AND 100),
  ADD CONSTRAINT "organizations_region_check" CHECK ("region" IS NULL OR length(btrim("region")) BETWEEN 1 AND 100),
  ADD CONSTRAINT "organizations_postal_code_check" CHECK ("postal_code" IS NULL OR length(btrim("postal_code")) BETWEEN 1 AND 20);
