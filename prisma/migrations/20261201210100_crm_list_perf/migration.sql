-- CRM search under RLS, second step (after 20261201210000_crm_list_perf): the customers' and contacts' trigram
-- indexes of migration 20261201160000_crm_search_fields served only ILIKE, which is not leakproof, so tessera_app
-- never used them (EXPLAIN ANALYZE at 1,000,000 customers / 3,000,000 contacts, docs/BENCHMARKS.md). Customer and
-- contact search now goes through crm.search_terms; the two GIN indexes only cost every insert and update (and
-- ~520 MB at the reference data set: 193 MB and 326 MB). The deals' trigram index stays: deal numbers and names are still matched by
-- ILIKE (as a filter under RLS) until deals get terms of their own.
DROP INDEX "crm"."customers_search_trgm_idx";
DROP INDEX "crm"."contacts_search_trgm_idx";
