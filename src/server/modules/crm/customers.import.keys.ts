// The keys the customers import matches rows to existing customers by, in the order it tries them (isomorphic: the
// import page lists the dry run's matches by key).
export const MATCH_KEYS = ["number", "taxId", "email", "name"] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];
