// import * as numbering from "@/server/kernel/numbering"; numbering.next(tx, scope, "sales_order")
export { next, nextMany, preview, list, update, createWorkspaceSequence, syncSequences, createSeries, seriesByKey } from "./numbering";
export type { NextOptions, PreviewInput, UpdateInput, CreateOverrideInput, CreateSeriesInput } from "./numbering";
export { DOCUMENT_TYPES, documentTypeDef, isDocumentType, type DocumentType, type DocumentTypeDef } from "./document-types";
