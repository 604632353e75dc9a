"use client";

import { useMutation, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import { BookmarkIcon, StarIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";

import { Button } from "@/components/ui/Button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/DropdownMenu";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";
import type { TViewState } from "@/lib/view-state";
import { useTRPC } from "@/trpc/react";

import { Checkbox } from "@/components/ui/Checkbox";
import { Dialog, DialogPanel } from "@/components/ui/Dialog";
import { sameView } from "./url-state";

export type SavedView = { id: string; name: string; state: TViewState; isDefault: boolean };
/** Views a page builds in (not stored): a section label and named states. */
export type PresetViews = { label: string; views: readonly { name: string; state: TViewState }[] };

type Props = {
  listKey: string;
  views: UseQueryResult<SavedView[], unknown>;
  presets?: PresetViews;
  current: TViewState;
  onApply: (view: { state: TViewState }) => void;
};

/** The user's saved views of this list: apply one, save the current state under a name, make one the default. */
export function ViewsMenu({ listKey, views, presets, current, onApply }: Props) {
  const t = useTranslations("dataTable.views");
  const common = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const invalidate = () => queryClient.invalidateQueries(trpc.settings.views.list.queryFilter({ listKey }));
  const save = useMutation(trpc.settings.views.save.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.settings.views.delete.mutationOptions({ onSuccess: invalidate }));

  const list = views.data ?? [];
  const active = list.find((v) => sameView(v.state, current));
  const activePreset = active ? undefined : presets?.views.find((v) => sameView(v.state, current));

  const run = (p: Promise<unknown>, done: string) =>
    p.then(
      () => toast.success(done),
      (e: unknown) => toast.error(e instanceof Error ? e.message : t("changeFailed")),
    );

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="outline" size="sm">
            <BookmarkIcon aria-hidden="true" />
            {active ? t("active", { name: active.name }) : activePreset ? t("active", { name: activePreset.name }) : t("button")}
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-64">
          <DropdownMenuLabel>{t("saved")}</DropdownMenuLabel>
          {views.isPending ? <DropdownMenuItem disabled>{common("loading")}</DropdownMenuItem> : null}
          {views.isError ? <DropdownMenuItem disabled>{t("loadFailed")}</DropdownMenuItem> : null}
          {views.isSuccess && list.length === 0 ? <DropdownMenuItem disabled>{t("none")}</DropdownMenuItem> : null}
          {list.map((view) => (
            <DropdownMenuItem key={view.id} onSelect={() => onApply(view)} aria-current={view === active ? "true" : undefined}>
              <span className="flex-1 truncate">{view.name}</span>
              {view.isDefault ? <StarIcon aria-label={t("defaultView")} className="fill-current" /> : null}
            </DropdownMenuItem>
          ))}
          {presets?.views.length ? (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuLabel>{presets.label}</DropdownMenuLabel>
              {presets.views.map((view) => (
                <DropdownMenuItem key={view.name} onSelect={() => onApply(view)} aria-current={view === activePreset ? "true" : undefined}>
                  <span className="flex-1 truncate">{view.name}</span>
                </DropdownMenuItem>
              ))}
            </>
          ) : null}
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setSaving(true)}>{t("saveAs")}</DropdownMenuItem>
          {active ? (
            <>
              <DropdownMenuItem
                onSelect={() =>
                  run(
                    save.mutateAsync({ listKey, name: active.name, state: active.state, isDefault: !active.isDefault }),
                    active.isDefault ? t("noLongerDefault", { name: active.name }) : t("nowDefault", { name: active.name }),
                  )
                }
              >
                {active.isDefault ? t("unsetDefault", { name: active.name }) : t("setDefault", { name: active.name })}
              </DropdownMenuItem>
              <DropdownMenuItem variant="destructive" onSelect={() => run(remove.mutateAsync({ id: active.id }), t("deleted", { name: active.name }))}>
                {t("delete", { name: active.name })}
              </DropdownMenuItem>
            </>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>
      <Dialog open={saving} onOpenChange={setSaving}>
        {saving ? (
          <SaveViewDialog
            existing={list.map((v) => v.name)}
            onSave={(name, isDefault) =>
              save.mutateAsync({ listKey, name, state: current, isDefault: isDefault || undefined }).then(() => {
                toast.success(t("savedToast", { name }));
                setSaving(false);
              })
            }
          />
        ) : null}
      </Dialog>
    </>
  );
}

function SaveViewDialog({ existing, onSave }: { existing: string[]; onSave: (name: string, isDefault: boolean) => Promise<void> }) {
  const t = useTranslations("dataTable.views");
  const id = useId();
  const [name, setName] = useState("");
  const [isDefault, setIsDefault] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const replaces = existing.includes(name.trim());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError(t("nameRequired"));
    setPending(true);
    onSave(name.trim(), isDefault).catch((err: unknown) => {
      setError(err instanceof Error ? err.message : t("saveFailed"));
      setPending(false);
    });
  };

  return (
    <DialogPanel title={t("dialogTitle")} description={t("dialogDescription")}>
      <form onSubmit={submit} className="grid gap-4">
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-name`}>{t("name")}</Label>
          <Input
            id={`${id}-name`}
            value={name}
            maxLength={100}
            autoFocus
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
          />
          {error ? (
            <p id={`${id}-error`} role="alert" className="text-sm text-destructive">
              {error}
            </p>
          ) : replaces ? (
            <p className="text-sm text-muted-foreground">{t("replaces")}</p>
          ) : null}
        </div>
        <div className="flex items-center gap-2">
          <Checkbox id={`${id}-default`} checked={isDefault} onCheckedChange={(c) => setIsDefault(c === true)} />
          <Label htmlFor={`${id}-default`} className="font-normal">
            {t("makeDefault")}
          </Label>
        </div>
        <div className="flex justify-end gap-2">
          <Button type="submit" disabled={pending}>
            {t("save")}
          </Button>
        </div>
      </form>
    </DialogPanel>
  );
}
