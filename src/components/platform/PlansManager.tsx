"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { z } from "zod";

import { ErrorState } from "@/components/ErrorState";
import { useFormat } from "@/components/format/FormatProvider";
import { CheckboxField, Form, NumberField, SubmitButton, TextField, useZodForm } from "@/components/form";
import { Button } from "@/components/ui/Button";
import { Checkbox } from "@/components/ui/Checkbox";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/Dialog";
import { Skeleton } from "@/components/ui/Skeleton";
import { ZPlanInput } from "@/server/modules/platform/console.schemas";
import { FEATURES, type FeatureKey } from "@/server/modules/platform/features";
import { useTRPC } from "@/trpc/react";

const ZLimitText = z.string().trim().regex(/^\d*$/, "Enter a whole number, or leave empty for unlimited");
/** The plan form: limits are typed as text ("" = unlimited) and become numbers for the procedure. */
const ZPlanForm = ZPlanInput.pick({ key: true, name: true, monthlyAmount: true, currency: true, isDefault: true, active: true }).extend({
  maxUsers: ZLimitText,
  maxWorkspaces: ZLimitText,
  maxDocumentsPerMonth: ZLimitText,
});
type PlanFormValues = z.input<typeof ZPlanForm>;
const toLimit = (v: string) => (v.trim() === "" ? null : Number(v));

type Plan = { id: string; key: string; name: string; monthlyAmount: { toString(): string }; currency: string; maxUsers: number | null; maxWorkspaces: number | null; maxDocumentsPerMonth: number | null; isDefault: boolean; active: boolean; sortOrder: number; features: string[]; organizations: number };

/** Plans with their limits and the plan ↔ feature matrix (each checkbox saves at once); create and edit in a dialog. */
export function PlansManager() {
  const t = useTranslations("platformConsole.plans");
  const tc = useTranslations("common");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const plans = useQuery(trpc.platform.plans.list.queryOptions());
  const [editing, setEditing] = useState<Plan | "new" | null>(null);
  const setFeatures = useMutation(
    trpc.platform.plans.setFeatures.mutationOptions({
      onSuccess: async () => {
        toast.success(t("matrixSaved"));
        await queryClient.invalidateQueries(trpc.platform.plans.list.queryFilter());
      },
      onError: (e) => toast.error(e.message),
    }),
  );

  if (plans.isPending) return <div role="status" aria-label={tc("loading")}><Skeleton className="h-48 w-full" /></div>;
  if (plans.isError) return <ErrorState error={plans.error} retry={() => void plans.refetch()} />;

  const toggle = (plan: Plan, feature: FeatureKey, on: boolean) => {
    const next = on ? [...new Set([...plan.features, feature])] : plan.features.filter((f) => f !== feature);
    setFeatures.mutate({ planId: plan.id, features: next as FeatureKey[] });
  };
  const limit = (v: number | null) => (v === null ? t("unlimited") : String(v));

  return (
    <div className="grid gap-4">
      <div>
        <Button onClick={() => setEditing("new")}>{t("create")}</Button>
      </div>
      {plans.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("empty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" aria-label={t("tableLabel")}>
            <thead>
              <tr className="border-b text-left text-muted-foreground">
                <th className="py-2 pr-4 font-medium">{t("columns.name")}</th>
                <th className="py-2 pr-4 font-medium">{t("columns.price")}</th>
                <th className="py-2 pr-4 font-medium">{t("columns.users")}</th>
                <th className="py-2 pr-4 font-medium">{t("columns.workspaces")}</th>
                <th className="py-2 pr-4 font-medium">{t("columns.documents")}</th>
                <th className="py-2 pr-4 font-medium">{t("columns.organizations")}</th>
                {FEATURES.map((f) => (
                  <th key={f.key} className="py-2 pr-4 font-medium">{f.name}</th>
                ))}
                <th className="py-2 font-medium"><span className="sr-only">{t("columns.actions")}</span></th>
              </tr>
            </thead>
            <tbody>
              {(plans.data as Plan[]).map((p) => (
                <tr key={p.id} className="border-b">
                  <td className="py-2 pr-4">
                    <span className="font-medium">{p.name}</span>
                    {p.isDefault ? <span className="ml-2 text-xs text-muted-foreground">{t("default")}</span> : null}
                    {!p.active ? <span className="ml-2 text-xs text-muted-foreground">{t("retired")}</span> : null}
                  </td>
                  <td className="py-2 pr-4 tabular-nums">{format.money(p.monthlyAmount.toString(), p.currency)}</td>
                  <td className="py-2 pr-4">{limit(p.maxUsers)}</td>
                  <td className="py-2 pr-4">{limit(p.maxWorkspaces)}</td>
                  <td className="py-2 pr-4">{limit(p.maxDocumentsPerMonth)}</td>
                  <td className="py-2 pr-4 tabular-nums">{p.organizations}</td>
                  {FEATURES.map((f) => (
                    <td key={f.key} className="py-2 pr-4">
                      <Checkbox
                        aria-label={t("includes", { plan: p.name, feature: f.name })}
                        checked={p.features.includes(f.key)}
                        disabled={setFeatures.isPending}
                        onCheckedChange={(c) => toggle(p, f.key, c === true)}
                      />
                    </td>
                  ))}
                  <td className="py-2">
                    <Button size="sm" variant="outline" aria-label={t("editPlan", { name: p.name })} onClick={() => setEditing(p)}>
                      {t("edit")}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog open={editing !== null} onOpenChange={(o) => !o && setEditing(null)}>
        {editing ? <PlanDialog plan={editing === "new" ? null : editing} onDone={() => setEditing(null)} /> : null}
      </Dialog>
    </div>
  );
}

function PlanDialog({ plan, onDone }: { plan: Plan | null; onDone: () => void }) {
  const t = useTranslations("platformConsole.plans.form");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const text = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));
  const defaults: PlanFormValues = plan
    ? { key: plan.key, name: plan.name, monthlyAmount: plan.monthlyAmount.toString(), currency: plan.currency, maxUsers: text(plan.maxUsers), maxWorkspaces: text(plan.maxWorkspaces), maxDocumentsPerMonth: text(plan.maxDocumentsPerMonth), isDefault: plan.isDefault, active: plan.active }
    : { key: "", name: "", monthlyAmount: "0", currency: "USD", maxUsers: "", maxWorkspaces: "", maxDocumentsPerMonth: "", isDefault: false, active: true };
  const form = useZodForm(ZPlanForm, { defaultValues: defaults });
  const create = useMutation(trpc.platform.plans.create.mutationOptions());
  const update = useMutation(trpc.platform.plans.update.mutationOptions());
  return (
    <DialogContent className="max-w-lg">
      <DialogTitle>{plan ? t("editTitle", { name: plan.name }) : t("createTitle")}</DialogTitle>
      <DialogDescription>{t("description")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        onSubmit={async (v) => {
          const input = { ...v, maxUsers: toLimit(v.maxUsers), maxWorkspaces: toLimit(v.maxWorkspaces), maxDocumentsPerMonth: toLimit(v.maxDocumentsPerMonth), sortOrder: plan?.sortOrder ?? 0 };
          if (plan) await update.mutateAsync({ ...input, id: plan.id });
          else await create.mutateAsync(input);
          await queryClient.invalidateQueries(trpc.platform.plans.list.queryFilter());
          toast.success(t("saved"));
          onDone();
        }}
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField name="name" label={t("name")} required />
          <TextField name="key" label={t("key")} required />
          <NumberField name="monthlyAmount" label={t("monthlyAmount")} required />
          <TextField name="currency" label={t("currency")} required />
          <NumberField name="maxUsers" label={t("maxUsers")} description={t("unlimitedHint")} />
          <NumberField name="maxWorkspaces" label={t("maxWorkspaces")} description={t("unlimitedHint")} />
          <NumberField name="maxDocumentsPerMonth" label={t("maxDocumentsPerMonth")} description={t("unlimitedHint")} />
        </div>
        <CheckboxField name="isDefault" label={t("isDefault")} description={t("isDefaultHint")} />
        <CheckboxField name="active" label={t("active")} />
        <SubmitButton>{t("save")}</SubmitButton>
      </Form>
    </DialogContent>
  );
}
