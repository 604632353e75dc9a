"use client";

import type { LucideIcon } from "lucide-react";
import { PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";

import { Button } from "@/components/ui/Button";
import { Card, CardContent } from "@/components/ui/Card";
import { Dialog } from "@/components/ui/Dialog";
import { Skeleton } from "@/components/ui/Skeleton";

import { ListStates } from "./ListStates";

/** A column of the table layout. `rowHeader` renders the cell as the row's `<th scope="row">` (its accessible name). */
export interface ChildColumn<Row> {
  id: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  className?: string;
  rowHeader?: boolean;
}

/** What the list needs of its query (a TanStack `useQuery` result fits). */
export interface ChildQuery {
  isPending: boolean;
  isError: boolean;
  error: { message: string } | null;
  refetch: () => unknown;
}

/** A per-row action the component places and labels: `label(row)` is the button's accessible name. */
export interface ChildAction<Row> {
  label: (row: Row) => string;
  /** Visible text next to the icon (the "card" variant's buttons); none: an icon button. */
  text?: string;
}

export type ChildTableProps<Row> = {
  /**
   * "section" (a record's tab: an h2 heading with a small add button, inline loading / error / empty states, icon
   * buttons) or "card" (a settings page: the add button above, the states and the table in cards, labelled buttons).
   */
  variant?: "section" | "card";
  /** Accessible name of the table or list, and the section's heading. */
  label: string;
  /** The section's heading id (for aria-labelledby); default derived from the label. */
  headingId?: string;
  query: ChildQuery;
  rows: readonly Row[] | undefined;
  rowKey: (row: Row) => string;
  rowClassName?: (row: Row) => string;
  /** The error text of the "section" variant (the "card" variant says childTable.loadFailed with the server's message). */
  loadFailed?: string;
  empty: { text: string } | { icon: LucideIcon; title: string; body: string };
  /** Whether add / edit / remove are offered (the server decides; the UI hides what the user cannot do). */
  canManage: boolean;
  /** The add button's text (also its accessible name). */
  addLabel: string;
  /** The add / edit dialog's content (a `DialogPanel`) for a new record (`null`) or `row`; `close` ends it. */
  editor: (row: Row | null, close: () => void) => ReactNode;
  edit: ChildAction<Row>;
  /** Remove with a confirmation (a `DialogContent`, e.g. ConfirmDelete) shown in the same dialog; none: no remove. */
  remove?: ChildAction<Row> & { confirm: (row: Row, close: () => void) => ReactNode };
  /** Other actions of a row (links, archive / restore), shown even without `canManage` (pass none when not allowed). */
  actions?: (row: Row) => ReactNode;
  /** Where `actions` go: before edit and remove (default) or after them (tab order follows). */
  actionsPlacement?: "before" | "after";
  /** The actions column's (screen-reader) header; the "section" tabs and settings pages name it "Actions". */
  actionsHeader?: string;
} & ({ columns: ChildColumn<Row>[]; item?: never } | { item: (row: Row) => ReactNode; columns?: never });

type Editing<Row> = { mode: "create" } | { mode: "edit"; row: Row } | { mode: "remove"; row: Row };

/**
 * The child records of one parent (a customer's contacts or addresses) or a small settings list (custom fields): the
 * rows as a table (`columns`) or a list (`item`), loading / error / empty states, add and edit in one dialog, remove
 * with a confirmation in that dialog, keyboard-reachable buttons with per-row accessible names.
 */
export function ChildTable<Row>(props: ChildTableProps<Row>) {
  const t = useTranslations("childTable");
  const common = useTranslations("common");
  const [editing, setEditing] = useState<Editing<Row> | null>(null);
  const close = () => setEditing(null);
  const card = props.variant === "card";
  const { query, rows, canManage } = props;
  const hasActions = canManage || props.actions !== undefined;
  const headingId = props.headingId ?? `child-table-${props.label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

  const addButton = canManage ? (
    <Button size={card ? "default" : "sm"} onClick={() => setEditing({ mode: "create" })}>
      <PlusIcon aria-hidden="true" />
      {props.addLabel}
    </Button>
  ) : null;

  const actionButton = (action: ChildAction<Row>, row: Row, Icon: LucideIcon, onClick: () => void) => (
    <Button variant="ghost" size={action.text ? "sm" : "icon"} aria-label={action.label(row)} onClick={onClick}>
      <Icon aria-hidden="true" />
      {action.text}
    </Button>
  );
  const rowActions = (row: Row) => (
    <>
      {props.actionsPlacement === "after" ? null : props.actions?.(row)}
      {canManage ? (
        <>
          {actionButton(props.edit, row, PencilIcon, () => setEditing({ mode: "edit", row }))}
          {props.remove ? actionButton(props.remove, row, Trash2Icon, () => setEditing({ mode: "remove", row })) : null}
        </>
      ) : null}
      {props.actionsPlacement === "after" ? props.actions?.(row) : null}
    </>
  );

  const cellPad = card ? "px-4 py-2" : "py-2";
  const body = (rows: readonly Row[]) =>
    props.columns ? (
      <table className="w-full text-sm" aria-label={props.label}>
        <thead className={card ? "border-b bg-muted/40 text-left text-muted-foreground" : "text-left text-muted-foreground"}>
          <tr>
            {props.columns.map((c) => (
              <th key={c.id} scope="col" className={`${cellPad} font-medium ${c.className ?? ""}`}>
                {c.header}
              </th>
            ))}
            {hasActions ? (
              <th scope="col" className={`${cellPad} font-medium`}>
                <span className="sr-only">{props.actionsHeader ?? t("actions")}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={props.rowKey(row)} className={`${card ? "border-b last:border-0" : "border-t"} ${props.rowClassName?.(row) ?? ""}`}>
              {props.columns!.map((c) =>
                c.rowHeader ? (
                  <th key={c.id} scope="row" className={`${cellPad} text-left font-medium ${c.className ?? ""}`}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={c.id} className={`${cellPad} ${c.className ?? ""}`}>
                    {c.cell(row)}
                  </td>
                ),
              )}
              {hasActions ? <td className={`${cellPad} text-right whitespace-nowrap`}>{rowActions(row)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    ) : (
      <ul className="grid gap-2" aria-label={props.label}>
        {rows.map((row) => (
          <li key={props.rowKey(row)} className={`flex items-start gap-3 rounded-md border p-3 text-sm ${props.rowClassName?.(row) ?? ""}`}>
            <div className="grid flex-1 gap-1">{props.item!(row)}</div>
            {hasActions ? <span className="whitespace-nowrap">{rowActions(row)}</span> : null}
          </li>
        ))}
      </ul>
    );

  let content: ReactNode;
  const empty = props.empty;
  if (card) {
    // Settings pages: the shared card states (ListStates), the add button in the empty state.
    if ("text" in empty) throw new Error("ChildTable: the card variant's empty state has an icon, a title and a body");
    content = (
      <ListStates query={{ ...query, data: rows ? { rows } : undefined }} label={props.label} empty={{ ...empty, action: addButton }}>
        <Card>
          <CardContent className="overflow-x-auto p-0">{rows ? body(rows) : null}</CardContent>
        </Card>
      </ListStates>
    );
  } else if (query.isPending) {
    content = <Skeleton className="h-24 w-full" aria-busy="true" aria-label={t("loading", { what: props.label })} />;
  } else if (query.isError) {
    content = (
      <p role="alert" className="text-sm text-destructive">
        {props.loadFailed ?? t("loadFailed", { message: query.error?.message ?? "" })}{" "}
        <Button variant="link" size="sm" onClick={() => void query.refetch()}>
          {common("tryAgain")}
        </Button>
      </p>
    );
  } else if (!rows?.length) {
    content = <p className="py-6 text-center text-sm text-muted-foreground">{"text" in empty ? empty.text : empty.title}</p>;
  } else {
    content = body(rows);
  }

  const dialog = (
    <Dialog open={editing !== null} onOpenChange={(open) => !open && close()}>
      {editing?.mode === "create" ? props.editor(null, close) : null}
      {editing?.mode === "edit" ? props.editor(editing.row, close) : null}
      {editing?.mode === "remove" && props.remove ? props.remove.confirm(editing.row, close) : null}
    </Dialog>
  );

  if (card) {
    return (
      <div className="grid gap-4">
        <div className="flex justify-end">{rows?.length ? addButton : null}</div>
        {content}
        {dialog}
      </div>
    );
  }
  return (
    <section className="grid gap-3" aria-labelledby={headingId}>
      <div className="flex items-center justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">
          {props.label}
        </h2>
        {addButton}
      </div>
      {content}
      {dialog}
    </section>
  );
}
