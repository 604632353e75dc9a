"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2Icon, DownloadIcon, FileSpreadsheetIcon, Loader2Icon, UploadIcon } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId, useRef, useState, type DragEvent, type FormEvent } from "react";

import { useFormat } from "@/components/format/FormatProvider";
import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";
import { workspacePath } from "@/lib/urls";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";

import { ImportHistory } from "./ImportHistory";
import type { ImportConfig, ImportStatus as StatusData } from "./types";

/** The file limit stated to the user; the server enforces IMPORT_MAX_BYTES (default the same 50 MB). */
const MAX_MB = 50;
const STEPS = ["upload", "mapping", "validation", "summary", "commit", "done"] as const;
type Step = (typeof STEPS)[number];

class UploadError extends Error {
  constructor(
    readonly status: number,
    message?: string,
  ) {
    super(message ?? `Upload failed (${status})`);
  }
}

function sendFile(form: FormData, onProgress: (pct: number) => void): Promise<{ id: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/imports");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      let body: { id?: string; error?: { message?: string } } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: the status decides
      }
      if (xhr.status >= 200 && xhr.status < 300 && body.id) resolve({ id: body.id });
      else reject(new UploadError(xhr.status, body.error?.message));
    };
    xhr.onerror = () => reject(new UploadError(0));
    xhr.send(form);
  });
}

/** The import stepper (upload, mapping, validation, summary, commit, done) of one import kind; its history below the upload. */
export function ImportWizard({ config, org, ws, canUpdate }: { config: ImportConfig; org: string; ws: string; canUpdate: boolean }) {
  const t = useTranslations(config.namespace as "crmImport");
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const id = params.get("id");
  const [editMapping, setEditMapping] = useState(false);

  const setId = (next: string | null) => {
    setEditMapping(false);
    router.replace(next ? `${pathname}?id=${encodeURIComponent(next)}` : pathname);
  };

  const trpc = useTRPC();
  const status = useQuery({
    ...config.imports(trpc).status.queryOptions({ id: id ?? "" }),
    enabled: !!id,
    // Poll while a job runs; the page itself does no work.
    refetchInterval: (q) => (q.state.data && (q.state.data.status === "validating" || q.state.data.status === "committing") ? 1000 : false),
  });

  let step: Step = "upload";
  const s = status.data;
  if (id && s) {
    if (s.status === "uploaded" || editMapping) step = "mapping";
    else if (s.status === "validating") step = "validation";
    else if (s.status === "validated") step = "validation";
    else if (s.status === "committing") step = "commit";
    else if (s.status === "done") step = "done";
    else if (s.status === "failed") step = s.validatedAt ? "commit" : "validation";
  }
  const summaryVisible = s?.status === "validated";

  return (
    <div className="grid gap-6">
      <Stepper config={config} current={summaryVisible ? "summary" : step} />
      {!id ? <UploadStep config={config} org={org} ws={ws} onUploaded={setId} /> : null}
      {!id ? <ImportHistory config={config} org={org} /> : null}
      {id && status.isPending ? <Skeleton className="h-48 w-full" aria-label={t("loading")} /> : null}
      {id && status.isError ? (
        <Card role="alert">
          <CardHeader>
            <CardTitle>{t("errors.loadTitle")}</CardTitle>
            <CardDescription>{status.error.message}</CardDescription>
          </CardHeader>
          <CardFooter className="gap-2">
            <Button variant="outline" onClick={() => status.refetch()}>
              {t("actions.retry")}
            </Button>
            <Button variant="ghost" onClick={() => setId(null)}>
              {t("actions.startOver")}
            </Button>
          </CardFooter>
        </Card>
      ) : null}
      {id && s && s.filesRemovedAt && s.status !== "done" ? <ExpiredStep config={config} data={s} onStartOver={() => setId(null)} /> : null}
      {id && s && !(s.filesRemovedAt && s.status !== "done") && step === "mapping" ? <MappingStep config={config} id={id} onDone={() => setEditMapping(false)} /> : null}
      {id && s && !s.filesRemovedAt && step === "validation" ? (
        <ValidationStep config={config} data={s} org={org} onRemap={() => setEditMapping(true)} onStartOver={() => setId(null)} canUpdate={canUpdate} />
      ) : null}
      {id && s && !s.filesRemovedAt && step === "commit" ? <CommitStep config={config} data={s} onStartOver={() => setId(null)} /> : null}
      {id && s && step === "done" ? <DoneStep config={config} data={s} org={org} ws={ws} onAnother={() => setId(null)} /> : null}
    </div>
  );
}

function Stepper({ config, current }: { config: ImportConfig; current: Step }) {
  const t = useTranslations(`${config.namespace}.steps` as "crmImport.steps");
  const at = STEPS.indexOf(current);
  return (
    <nav aria-label={t("label")}>
      <ol className="flex flex-wrap gap-2 text-sm">
        {STEPS.map((step, i) => (
          <li
            key={step}
            aria-current={i === at ? "step" : undefined}
            className={cn(
              "flex items-center gap-2 rounded-full border px-3 py-1",
              i === at ? "border-primary bg-primary text-primary-foreground" : i < at ? "border-primary/40 text-foreground" : "text-muted-foreground",
            )}
          >
            <span aria-hidden>{i + 1}</span>
            {t(step)}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function UploadStep({ config, org, ws, onUploaded }: { config: ImportConfig; org: string; ws: string; onUploaded: (id: string) => void }) {
  const t = useTranslations(config.namespace as "crmImport");
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) {
      setError(t("upload.chooseFile"));
      return;
    }
    if (file.size > MAX_MB * 1024 * 1024) {
      setError(t("upload.tooLarge", { max: MAX_MB }));
      return;
    }
    setError(null);
    setProgress(0);
    const form = new FormData();
    form.set("org", org);
    form.set("ws", ws);
    form.set("kind", config.kind);
    form.set("file", file);
    try {
      const { id } = await sendFile(form, setProgress);
      onUploaded(id);
    } catch (err) {
      const u = err instanceof UploadError ? err : new UploadError(0);
      setError(
        u.status === 413 ? t("upload.tooLarge", { max: MAX_MB }) : u.status === 415 ? t("upload.wrongType") : u.status === 0 ? t("upload.interrupted") : u.message,
      );
    } finally {
      setProgress(null);
    }
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer.files[0];
    if (f) setFile(f);
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("upload.title")}</CardTitle>
        <CardDescription>{t("upload.description", { max: MAX_MB })}</CardDescription>
      </CardHeader>
      <form onSubmit={submit} noValidate>
        <CardContent className="grid gap-4">
          <div
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            className={cn("grid place-items-center gap-2 rounded-md border border-dashed p-8 text-center", dragging && "border-primary bg-accent")}
          >
            <FileSpreadsheetIcon className="size-8 text-muted-foreground" aria-hidden />
            <label htmlFor={inputId} className="text-sm font-medium">
              {t("upload.fileLabel")}
            </label>
            <input
              id={inputId}
              ref={inputRef}
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              className="text-sm"
              aria-describedby={error ? `${inputId}-error` : undefined}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
            <p className="text-xs text-muted-foreground">{t("upload.hint")}</p>
          </div>
          {error ? (
            <p id={`${inputId}-error`} role="alert" className="text-sm text-destructive">
              {error}
            </p>
          ) : null}
          {progress !== null ? (
            <div role="progressbar" aria-label={t("upload.progress")} aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress} className="h-2 rounded bg-muted">
              <div className="h-2 rounded bg-primary transition-all" style={{ width: `${progress}%` }} />
            </div>
          ) : null}
        </CardContent>
        <CardFooter>
          <Button type="submit" disabled={progress !== null}>
            {progress !== null ? <Loader2Icon className="animate-spin" aria-hidden /> : <UploadIcon aria-hidden />}
            {t("upload.submit")}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

function MappingStep({ config, id, onDone }: { config: ImportConfig; id: string; onDone: () => void }) {
  const t = useTranslations(config.namespace as "crmImport");
  const tf = useTranslations(`${config.namespace}.fields` as "crmImport.fields");
  const imports = config.imports(useTRPC());
  const queryClient = useQueryClient();
  const preview = useQuery(imports.preview.queryOptions({ id }));
  // The user's edits; until the first one, the import's own (saved or suggested) mapping.
  const [edited, setMapping] = useState<Record<string, number> | null>(null);
  const mapping = edited ?? preview.data?.mapping ?? null;
  const [serverErrors, setServerErrors] = useState<Record<string, string[]>>({});

  const refresh = () => queryClient.invalidateQueries({ queryKey: imports.status.queryKey({ id }) });
  const validate = useMutation(imports.validate.mutationOptions());
  const save = useMutation(
    imports.setMapping.mutationOptions({
      onSuccess: async () => {
        await validate.mutateAsync({ id });
        onDone();
        await refresh();
      },
      onError: (e) => {
        const fe = (e.data as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors ?? {};
        setServerErrors(Object.fromEntries(Object.entries(fe).map(([k, v]) => [k.replace(/^mapping\./, ""), v])));
      },
    }),
  );

  if (preview.isPending || mapping === null) return <Skeleton className="h-64 w-full" aria-label={t("loading")} />;
  if (preview.isError) return <p role="alert">{preview.error.message}</p>;
  const p = preview.data;
  const used = new Map<number, string>();
  for (const [f, c] of Object.entries(mapping)) used.set(c, f);
  const missing = p.fields.filter((f) => f.required && mapping[f.id] === undefined);

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("mapping.title")}</CardTitle>
        <CardDescription>
          {t("mapping.description", { file: p.fileName, columns: p.headers.length })} {p.mappingSaved ? t("mapping.saved") : t("mapping.suggested")}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        <div className="grid gap-3 sm:grid-cols-2">
          {p.fields.map((f) => {
            const selectId = `map-${f.id}`;
            const err = serverErrors[f.id]?.[0];
            return (
              <div key={f.id} className="grid gap-1">
                <label htmlFor={selectId} className="text-sm font-medium">
                  {tf(f.id as "name")}
                  {f.required ? <span aria-hidden> *</span> : null}
                </label>
                <select
                  id={selectId}
                  className="h-9 rounded-md border border-input bg-background px-2 text-sm"
                  value={mapping[f.id] ?? ""}
                  aria-invalid={err ? true : undefined}
                  onChange={(e) => {
                    const v = e.target.value;
                    setMapping(() => {
                      const next = { ...mapping };
                      if (v === "") delete next[f.id];
                      else {
                        const col = Number(v);
                        // A column feeds one field: taking it here frees it elsewhere.
                        for (const [k, c] of Object.entries(next)) if (c === col) delete next[k];
                        next[f.id] = col;
                      }
                      return next;
                    });
                  }}
                >
                  <option value="">{t("mapping.notImported")}</option>
                  {p.headers.map((h, i) => (
                    <option key={i} value={i}>
                      {h}
                      {used.has(i) && used.get(i) !== f.id ? ` (${tf(used.get(i) as "name")})` : ""}
                    </option>
                  ))}
                </select>
                {err ? <p className="text-xs text-destructive">{err}</p> : null}
              </div>
            );
          })}
        </div>
        {p.sample.length ? (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" aria-label={t("mapping.sampleLabel")}>
              <thead>
                <tr>
                  {p.headers.map((h, i) => (
                    <th key={i} scope="col" className="border-b px-2 py-1 text-left font-medium whitespace-nowrap">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {p.sample.map((r, ri) => (
                  <tr key={ri}>
                    {p.headers.map((_, ci) => (
                      <td key={ci} className="border-b px-2 py-1 whitespace-nowrap text-muted-foreground">
                        {r[ci] ?? ""}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {missing.length ? (
          <p role="status" className="text-sm text-destructive">
            {t("mapping.required", { fields: missing.map((f) => tf(f.id as "name")).join(", ") })}
          </p>
        ) : null}
      </CardContent>
      <CardFooter className="gap-2">
        <Button disabled={missing.length > 0 || save.isPending || validate.isPending} onClick={() => save.mutate({ id, mapping })}>
          {save.isPending || validate.isPending ? <Loader2Icon className="animate-spin" aria-hidden /> : null}
          {t("mapping.submit")}
        </Button>
      </CardFooter>
    </Card>
  );
}

function Counts({ items }: { items: { label: string; value: number | null | undefined; testId: string }[] }) {
  const f = useFormat();
  return (
    <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
      {items.map((it) => (
        <div key={it.testId} className="rounded-md border p-3">
          <dt className="text-xs text-muted-foreground">{it.label}</dt>
          <dd className="text-2xl font-semibold tabular-nums" data-testid={it.testId}>
            {f.number(it.value ?? 0)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ValidationStep({
  config,
  data,
  org,
  onRemap,
  onStartOver,
  canUpdate,
}: {
  config: ImportConfig;
  data: StatusData;
  org: string;
  onRemap: () => void;
  onStartOver: () => void;
  canUpdate: boolean;
}) {
  const t = useTranslations(config.namespace as "crmImport");
  const tf = useTranslations(`${config.namespace}.fields` as "crmImport.fields");
  const f = useFormat();
  const imports = config.imports(useTRPC());
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: imports.status.queryKey({ id: data.id }) });
  const dry = useQuery({ ...imports.dryRun.queryOptions({ id: data.id }), enabled: data.status === "validated" });
  const commit = useMutation(imports.commit.mutationOptions({ onSuccess: refresh }));
  const revalidate = useMutation(imports.validate.mutationOptions({ onSuccess: refresh }));

  if (data.status === "validating")
    return (
      <Card aria-busy="true">
        <CardHeader>
          <CardTitle>{t("validation.running")}</CardTitle>
          <CardDescription role="status">{t("validation.checked", { rows: f.number(data.processedRows) })}</CardDescription>
        </CardHeader>
        <CardContent>
          <Loader2Icon className="size-6 animate-spin text-muted-foreground" aria-hidden />
        </CardContent>
      </Card>
    );

  if (data.status === "failed")
    return (
      <Card role="alert">
        <CardHeader>
          <CardTitle>{t("validation.failed")}</CardTitle>
          <CardDescription>{data.failure}</CardDescription>
        </CardHeader>
        <CardFooter className="gap-2">
          <Button onClick={() => revalidate.mutate({ id: data.id })}>{t("actions.retry")}</Button>
          <Button variant="outline" onClick={onRemap}>
            {t("actions.changeMapping")}
          </Button>
          <Button variant="ghost" onClick={onStartOver}>
            {t("actions.startOver")}
          </Button>
        </CardFooter>
      </Card>
    );

  const reportHref = `/api/imports/${encodeURIComponent(data.id)}/report?org=${encodeURIComponent(org)}`;
  const needsUpdate = (data.toUpdate ?? 0) > 0 && !canUpdate;
  const importable = (data.toCreate ?? 0) + (data.toUpdate ?? 0);
  return (
    <>
      <Card>
        <CardHeader>
          <CardTitle>{t("validation.title")}</CardTitle>
          <CardDescription>{t("validation.description", { file: data.fileName })}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Counts
            items={[
              { label: t("counts.total"), value: data.totalRows, testId: "count-total" },
              { label: t("counts.valid"), value: (data.totalRows ?? 0) - (data.errorRows ?? 0), testId: "count-valid" },
              { label: t("counts.errorRows"), value: data.errorRows, testId: "count-error-rows" },
              { label: t("counts.errors"), value: data.errorCount, testId: "count-errors" },
            ]}
          />
          {data.firstErrors.length ? (
            <div className="overflow-x-auto">
              <table className="w-full text-sm" aria-label={t("validation.errorsLabel")}>
                <caption className="mb-2 text-left text-sm text-muted-foreground">
                  {t("validation.firstErrors", { shown: data.firstErrors.length, total: data.errorCount ?? 0 })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col" className="border-b px-2 py-1 text-left font-medium">
                      {t("validation.row")}
                    </th>
                    <th scope="col" className="border-b px-2 py-1 text-left font-medium">
                      {t("validation.column")}
                    </th>
                    <th scope="col" className="border-b px-2 py-1 text-left font-medium">
                      {t("validation.message")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.firstErrors.map((e, i) => (
                    <tr key={i}>
                      <td className="border-b px-2 py-1 tabular-nums">{e.row}</td>
                      <td className="border-b px-2 py-1">{tf.has(e.field as "name") ? tf(e.field as "name") : e.field}</td>
                      <td className="border-b px-2 py-1">{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="flex items-center gap-2 text-sm" role="status">
              <CheckCircle2Icon className="size-4 text-primary" aria-hidden />
              {t("validation.noErrors")}
            </p>
          )}
        </CardContent>
        <CardFooter className="gap-2">
          {data.hasReport && (data.errorCount ?? 0) > 0 ? (
            <Button variant="outline" asChild>
              <a href={reportHref} download>
                <DownloadIcon aria-hidden />
                {t("validation.download")}
              </a>
            </Button>
          ) : null}
          <Button variant="ghost" onClick={onRemap}>
            {t("actions.changeMapping")}
          </Button>
        </CardFooter>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t("summary.title")}</CardTitle>
          <CardDescription>{t("summary.description")}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          {dry.isPending ? <Skeleton className="h-20 w-full" /> : null}
          {dry.isError ? <p role="alert">{dry.error.message}</p> : null}
          {dry.data ? (
            <Counts
              items={[
                { label: t("summary.create"), value: dry.data.create, testId: "dry-create" },
                { label: t("summary.update"), value: dry.data.update, testId: "dry-update" },
                { label: t("summary.skip"), value: dry.data.skip, testId: "dry-skip" },
                { label: t("summary.invalid"), value: dry.data.invalid, testId: "dry-invalid" },
              ]}
            />
          ) : null}
          {dry.data && config.matchKeys.some((k) => dry.data.matchedBy[k]) ? (
            <ul aria-label={t("summary.matchedBy")} className="grid gap-1 text-sm">
              {config.matchKeys.filter((k) => dry.data.matchedBy[k]).map((k) => (
                <li key={k} data-testid={`match-${k}`}>
                  {t("summary.matchLine", { key: t(`summary.matchKeys.${k}` as "summary.matchKeys.name"), update: f.number(dry.data.matchedBy[k]!.update), skip: f.number(dry.data.matchedBy[k]!.skip) })}
                </li>
              ))}
            </ul>
          ) : null}
          {needsUpdate ? (
            <p role="alert" className="text-sm text-destructive">
              {t("summary.needsUpdate")}
            </p>
          ) : null}
          {commit.isError ? (
            <p role="alert" className="text-sm text-destructive">
              {commit.error.message}
            </p>
          ) : null}
        </CardContent>
        <CardFooter className="gap-2">
          <Button disabled={needsUpdate || importable === 0 || commit.isPending} onClick={() => commit.mutate({ id: data.id })}>
            {commit.isPending ? <Loader2Icon className="animate-spin" aria-hidden /> : null}
            {t("summary.commit", { count: importable })}
          </Button>
          <Button variant="ghost" onClick={onStartOver}>
            {t("actions.startOver")}
          </Button>
        </CardFooter>
      </Card>
    </>
  );
}

function CommitStep({ config, data, onStartOver }: { config: ImportConfig; data: StatusData; onStartOver: () => void }) {
  const t = useTranslations(config.namespace as "crmImport");
  const f = useFormat();
  const imports = config.imports(useTRPC());
  const queryClient = useQueryClient();
  const resume = useMutation(imports.commit.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: imports.status.queryKey({ id: data.id }) }) }));
  const total = data.totalRows ?? 0;
  const pct = total ? Math.min(100, Math.round((data.processedRows / total) * 100)) : 0;
  return (
    <Card role={data.status === "failed" ? "alert" : undefined} aria-busy={data.status === "committing"}>
      <CardHeader>
        <CardTitle>{data.status === "failed" ? t("commit.failed") : t("commit.running")}</CardTitle>
        <CardDescription>{data.status === "failed" ? data.failure : t("commit.description")}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <div role="progressbar" aria-label={t("commit.progress")} aria-valuemin={0} aria-valuemax={total} aria-valuenow={data.processedRows} className="h-3 rounded bg-muted">
          <div className="h-3 rounded bg-primary transition-all" style={{ width: `${pct}%` }} />
        </div>
        <p className="text-sm tabular-nums" role="status">
          {t("commit.processed", { processed: f.number(data.processedRows), total: f.number(total) })} ·{" "}
          {t("commit.counts", { created: f.number(data.createdRows), updated: f.number(data.updatedRows), skipped: f.number(data.skippedRows) })}
        </p>
      </CardContent>
      {data.status === "failed" ? (
        <CardFooter className="gap-2">
          <Button onClick={() => resume.mutate({ id: data.id })}>{t("commit.resume")}</Button>
          <Button variant="ghost" onClick={onStartOver}>
            {t("actions.startOver")}
          </Button>
        </CardFooter>
      ) : null}
    </Card>
  );
}

function DoneStep({ config, data, org, ws, onAnother }: { config: ImportConfig; data: StatusData; org: string; ws: string; onAnother: () => void }) {
  const t = useTranslations(config.namespace as "crmImport");
  const f = useFormat();
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <CheckCircle2Icon className="size-5 text-primary" aria-hidden />
          {t("done.title")}
        </CardTitle>
        <CardDescription>
          {t("done.description", { file: data.fileName })}
          {data.filesRemovedAt ? ` ${t("expired.doneNote", { date: f.date(data.filesRemovedAt) })}` : null}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Counts
          items={[
            { label: t("done.created"), value: data.createdRows, testId: "done-created" },
            { label: t("done.updated"), value: data.updatedRows, testId: "done-updated" },
            // skippedRows counts every row not written; the rows with errors are shown apart.
            { label: t("done.skipped"), value: data.skippedRows - data.failedRows, testId: "done-skipped" },
            { label: t("done.failed"), value: data.failedRows, testId: "done-failed" },
          ]}
        />
      </CardContent>
      <CardFooter className="gap-2">
        <Button asChild>
          <Link href={workspacePath(org, ws, ...config.listPath)}>{t("done.openList")}</Link>
        </Button>
        <Button variant="outline" onClick={onAnother}>
          {t("done.another")}
        </Button>
      </CardFooter>
    </Card>
  );
}

/** An import whose files were deleted after the retention period, before it was imported: only its record remains. */
function ExpiredStep({ config, data, onStartOver }: { config: ImportConfig; data: StatusData; onStartOver: () => void }) {
  const t = useTranslations(config.namespace as "crmImport");
  const f = useFormat();
  return (
    <Card role="status">
      <CardHeader>
        <CardTitle>{t("expired.title")}</CardTitle>
        <CardDescription>{t("expired.description", { file: data.fileName, date: f.date(data.filesRemovedAt!) })}</CardDescription>
      </CardHeader>
      <CardContent>
        <Counts
          items={[
            { label: t("counts.total"), value: data.totalRows, testId: "expired-total" },
            { label: t("counts.errorRows"), value: data.errorRows, testId: "expired-error-rows" },
            { label: t("summary.create"), value: data.toCreate, testId: "expired-create" },
            { label: t("summary.update"), value: data.toUpdate, testId: "expired-update" },
          ]}
        />
      </CardContent>
      <CardFooter>
        <Button onClick={onStartOver}>{t("expired.uploadAgain")}</Button>
      </CardFooter>
    </Card>
  );
}
