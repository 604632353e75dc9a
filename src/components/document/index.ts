export { DocumentLayout, type DocumentLayoutProps } from "./DocumentLayout";
export { HistoryList, type HistoryEntry } from "./HistoryList";
export {
  emptyLine,
  LinesEditor,
  newLineKey,
  TotalsPanel,
  type ComputeTotals,
  type DocumentLine,
  type DocumentTotalsView,
  type Money,
} from "./LinesEditor";
export { StatusBadge, type StatusTone } from "./StatusBadge";
export { TransitionButtons, type DocumentTransition } from "./TransitionButtons";
export { usePrint } from "./use-print";
