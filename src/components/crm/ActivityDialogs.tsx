"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { useWatch } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { CheckboxField, ComboboxField, FieldFrame, Form, SelectField, SubmitButton, TextareaField, TextField, useZodForm } from "@/components/form";
import { Button } from "@/components/ui/Button";
import { DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/Dialog";
import { Input } from "@/components/ui/Input";
import { ACTIVITY_TYPES } from "@/server/modules/crm/activities.schemas";
import { useTRPC } from "@/trpc/react";

/** What an activity is about: exactly one of these. */
export type ActivityTarget = { customerId: string } | { contactId: string } | { dealId: string } | { leadId: string };

/** "yyyy-mm-ddThh:mm" in the browser's zone, for <input type="datetime-local">. */
export function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
const fromLocalInput = (s: string): Date | null => (s ? new Date(s) : null);

/** A date and time in the browser's zone (the server stores the instant). */
export function DateTimeField({ name, label, description }: { name: string; label: string; description?: string }) {
  return (
    <FieldFrame name={name} label={label} description={description}>
      {({ field, aria }) => <Input {...aria} {...field} type="datetime-local" className="w-60" value={(field.value as string | undefined) ?? ""} />}
    </FieldFrame>
  );
}

/** Invalidates every activities-dependent query (lists, panels, timelines, summaries, dashboard). */
export function useRefreshActivities() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.crm.activities.pathFilter()),
        queryClient.invalidateQueries(trpc.crm.customers.timeline.pathFilter()),
        queryClient.invalidateQueries(trpc.crm.customers.summary.pathFilter()),
        queryClient.invalidateQueries(trpc.crm.dashboard.pathFilter()),
      ]),
    [queryClient, trpc],
  );
}

const ZLogForm = z
  .object({
    kind: z.enum(["customer", "deal", "lead", "fixed"]),
    targetId: z.string(),
    type: z.enum(ACTIVITY_TYPES),
    subject: z.string().trim().min(1, "Enter a subject").max(200, "At most 200 characters"),
    body: z.string().max(10_000),
    dueAt: z.string(),
    done: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== "fixed" && !v.targetId) ctx.addIssue({ code: "custom", path: ["targetId"], message: "Choose what the activity is about" });
  });

/**
 * The "Log activity" dialog (render inside a <Dialog>). With `target` the activity is about that record; without,
 * the user picks a customer, deal or lead by search.
 */
export function LogActivityDialog({ target, onDone }: { target?: ActivityTarget; onDone: () => void }) {
  const t = useTranslations("crmActivities");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useRefreshActivities();
  const create = useMutation(trpc.crm.activities.create.mutationOptions());
  const form = useZodForm(ZLogForm, {
    defaultValues: { kind: target ? "fixed" : "customer", targetId: "", type: "call", subject: "", body: "", dueAt: "", done: false },
  });
  const kind = useWatch({ control: form.control, name: "kind" });
  const search = useCallback(
    (q: string) => queryClient.fetchQuery(trpc.crm.activities.targets.queryOptions({ kind: kind === "fixed" ? "customer" : kind, q })),
    [queryClient, trpc, kind],
  );

  return (
    <DialogContent className="max-w-lg">
      <DialogTitle>{t("log.title")}</DialogTitle>
      <DialogDescription>{t("log.description")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        onSubmit={async (v) => {
          const about: ActivityTarget = target ?? (v.kind === "deal" ? { dealId: v.targetId } : v.kind === "lead" ? { leadId: v.targetId } : { customerId: v.targetId });
          await create.mutateAsync({ ...about, type: v.type, subject: v.subject, body: v.body || null, dueAt: fromLocalInput(v.dueAt), done: v.done });
          toast.success(t("log.done"));
          await refresh();
          onDone();
        }}
      >
        {target ? null : (
          <div className="grid gap-4 sm:grid-cols-[10rem_1fr]">
            <SelectField
              name="kind"
              label={t("log.targetKind")}
              placeholder={false}
              options={(["customer", "deal", "lead"] as const).map((k) => ({ value: k, label: t(`targetKinds.${k}`) }))}
            />
            <ComboboxField key={kind} name="targetId" label={t("log.target")} search={search} placeholder={t("log.targetPlaceholder")} required />
          </div>
        )}
        <SelectField name="type" label={t("fields.type")} placeholder={false} options={ACTIVITY_TYPES.map((k) => ({ value: k, label: t(`types.${k}`) }))} />
        <TextField name="subject" label={t("fields.subject")} required autoFocus={!!target} />
        <TextareaField name="body" label={t("fields.body")} rows={3} />
        <DateTimeField name="dueAt" label={t("fields.dueAt")} />
        <CheckboxField name="done" label={t("fields.alreadyDone")} />
        <DialogFooter>
          <Button type="button" variant="outline" onClick={onDone}>
            {t("cancel")}
          </Button>
          <SubmitButton>{t("log.submit")}</SubmitButton>
        </DialogFooter>
      </Form>
    </DialogContent>
  );
}

const ZCompleteForm = z
  .object({ outcome: z.string().max(2000, "At most 2000 characters"), nextAction: z.string().max(200, "At most 200 characters"), nextActionAt: z.string() })
  .superRefine((v, ctx) => {
    if (v.nextActionAt && !v.nextAction.trim()) ctx.addIssue({ code: "custom", path: ["nextAction"], message: "Say what the next action is" });
  });

/** "Complete" with the outcome and an optional next action (which becomes a follow-up task). */
export function CompleteActivityDialog({ activity, onDone }: { activity: { id: string; version: number; subject: string }; onDone: () => void }) {
  const t = useTranslations("crmActivities");
  const trpc = useTRPC();
  const refresh = useRefreshActivities();
  const complete = useMutation(trpc.crm.activities.complete.mutationOptions());
  const form = useZodForm(ZCompleteForm, { defaultValues: { outcome: "", nextAction: "", nextActionAt: "" } });
  return (
    <DialogContent className="max-w-lg">
      <DialogTitle>{t("complete.title")}</DialogTitle>
      <DialogDescription>{activity.subject}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        onSubmit={async (v) => {
          const r = await complete.mutateAsync({
            id: activity.id,
            version: activity.version,
            outcome: v.outcome || null,
            nextAction: v.nextAction || null,
            nextActionAt: fromLocalInput(v.nextActionAt),
          });
          toast.success(r.followUp ? t("complete.doneWithFollowUp") : t("complete.done"));
          await refresh();
          onDone();
        }}
      >
        <TextareaField name="outcome" label={t("fields.outcome")} rows={3} />
        <TextField name="nextAction" label={t("fields.nextAction")} description={t("complete.nextActionHint")} />
        <DateTimeField name="nextActionAt" label={t("fields.nextActionAt")} />
        <DialogFooter>
          <Button type="button" variant="outline" onClick={onDone}>
            {t("cancel")}
          </Button>
          <SubmitButton>{t("complete.submit")}</SubmitButton>
        </DialogFooter>
      </Form>
    </DialogContent>
  );
}
