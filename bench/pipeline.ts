// Deals and activities of the reference data set (tables of migration 20261201130000_crm_pipeline).
import type pg from "pg";

export const PIPELINE_TABLES = ["crm.deals", "crm.activities"];

interface Org {
  id: string;
  big: boolean;
  memberIds: string[];
  ownerUserId: string;
  currency: string;
}
interface Helpers {
  u: (key: string, seed: number) => string;
  pick: (xs: readonly string[], key: string, seed: number, power?: number) => string;
}

export async function insertDeals(_c: pg.Client, _org: Org, _count: number, _h: Helpers & { setCounter: (documentType: string, last: number) => Promise<void> }): Promise<number> {
  throw new Error("the pipeline tables are not generated yet");
}

export async function insertActivities(_c: pg.Client, _org: Org, _count: number, _h: Helpers): Promise<number> {
  throw new Error("the pipeline tables are not generated yet");
}
