"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { DownloadIcon, FileIcon, PaperclipIcon, Trash2Icon, UploadIcon } from "lucide-react";
import { useId, useRef, useState, type DragEvent } from "react";
import { toast } from "sonner";

import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";

export interface AttachmentsPanelProps {
  org: string;
  ws?: string;
  /** A registered attachable entity type, e.g. "platform.organization". */
  entityType: string;
  entityId: string;
  title?: string;
  description?: string;
  /** Formatting of dates (the organization's locale and time zone). */
  locale?: string;
  timeZone?: string;
}

interface Upload {
  key: string;
  name: string;
  loaded: number;
  total: number;
  error?: string;
}

export function formatBytes(n: number, locale?: string): string {
  const units = ["B", "KB", "MB", "GB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v)} ${units[i]}`;
}

/** Sends one file to POST /api/files with upload progress (fetch cannot report it). */
function sendFile(form: FormData, onProgress: (loaded: number, total: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/files");
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let message = `Upload failed (${xhr.status}).`;
      try {
        const body = JSON.parse(xhr.responseText) as { error?: { message?: string } };
        if (body.error?.message) message = body.error.message;
      } catch {
        // keep the generic message
      }
      reject(new Error(message));
    };
    xhr.onerror = () => reject(new Error("The upload was interrupted. Check your connection and try again."));
    xhr.send(form);
  });
}

export function AttachmentsPanel({ org, ws, entityType, entityId, title = "Attachments", description, locale, timeZone }: AttachmentsPanelProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listInput = { entityType, entityId };
  const list = useQuery(trpc.settings.attachments.list.queryOptions(listInput));
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const [confirm, setConfirm] = useState<{ id: string; fileName: string } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const headingId = useId();

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.settings.attachments.list.queryKey(listInput) });

  const remove = useMutation(
    trpc.settings.attachments.delete.mutationOptions({
      onSuccess: async () => {
        toast.success("File removed");
        setConfirm(null);
        await refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );

  const data = list.data;
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });

  async function uploadFiles(files: FileList | File[]) {
    for (const file of Array.from(files)) {
      const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
      if (data && file.size > data.maxBytes) {
        setUploads((u) => [...u, { key, name: file.name, loaded: 0, total: file.size, error: `Larger than the limit of ${formatBytes(data.maxBytes, locale)}.` }]);
        continue;
      }
      setUploads((u) => [...u, { key, name: file.name, loaded: 0, total: file.size }]);
      const form = new FormData();
      form.set("org", org);
      if (ws) form.set("ws", ws);
      form.set("entityType", entityType);
      form.set("entityId", entityId);
      form.set("file", file);
      try {
        await sendFile(form, (loaded, total) => setUploads((u) => u.map((x) => (x.key === key ? { ...x, loaded, total } : x))));
        setUploads((u) => u.filter((x) => x.key !== key));
        toast.success(`${file.name} attached`);
        await refresh();
      } catch (e) {
        setUploads((u) => u.map((x) => (x.key === key ? { ...x, error: (e as Error).message } : x)));
      }
    }
  }

  const canUpload = data?.canUpload ?? false;
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (canUpload && e.dataTransfer.files.length) void uploadFiles(e.dataTransfer.files);
  };

  const href = (id: string) => `/api/files/${encodeURIComponent(id)}?${new URLSearchParams(ws ? { org, ws } : { org }).toString()}`;

  return (
    <Card aria-labelledby={headingId}>
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div className="grid gap-1.5">
          <CardTitle id={headingId}>{title}</CardTitle>
          {description ? <CardDescription>{description}</CardDescription> : null}
        </div>
        {canUpload ? (
          <>
            <input
              ref={inputRef}
              type="file"
              multiple
              className="sr-only"
              tabIndex={-1}
              aria-label="Choose files to attach"
              onChange={(e) => {
                if (e.target.files?.length) void uploadFiles(e.target.files);
                e.target.value = "";
              }}
            />
            <Button variant="outline" onClick={() => inputRef.current?.click()}>
              <UploadIcon aria-hidden="true" />
              Upload file
            </Button>
          </>
        ) : null}
      </CardHeader>
      <CardContent
        className={cn("grid gap-3", dragging && "rounded-md outline-2 outline-dashed outline-primary")}
        onDragOver={(e) => {
          if (!canUpload) return;
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        {uploads.length ? (
          <ul aria-label="Uploads" className="grid gap-2">
            {uploads.map((u) => (
              <li key={u.key} className="grid gap-1 text-sm">
                <div className="flex items-center justify-between gap-2">
                  <span className="truncate">{u.name}</span>
                  {u.error ? (
                    <Button variant="ghost" size="sm" onClick={() => setUploads((x) => x.filter((y) => y.key !== u.key))}>
                      Dismiss
                    </Button>
                  ) : null}
                </div>
                {u.error ? (
                  <p role="alert" className="text-destructive">
                    {u.name}: {u.error}
                  </p>
                ) : (
                  <progress aria-label={`Uploading ${u.name}`} className="h-2 w-full" max={u.total || 1} value={u.loaded} />
                )}
              </li>
            ))}
          </ul>
        ) : null}

        {list.isPending ? (
          <div className="grid gap-2" aria-busy="true" aria-label="Loading files">
            <Skeleton className="h-8 w-full" />
            <Skeleton className="h-8 w-2/3" />
          </div>
        ) : list.isError ? (
          <div role="alert" className="grid justify-items-start gap-2 text-sm">
            <p className="text-destructive">{list.error.message}</p>
            <Button variant="outline" size="sm" onClick={() => void list.refetch()}>
              Try again
            </Button>
          </div>
        ) : data && data.rows.length === 0 ? (
          <div className="flex flex-col items-center gap-2 rounded-md border border-dashed py-8 text-center text-sm text-muted-foreground">
            <PaperclipIcon aria-hidden="true" className="size-6" />
            <p>No files yet.</p>
            {canUpload ? <p>Upload a file or drop it here.</p> : null}
          </div>
        ) : data ? (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">{title}</caption>
              <thead className="text-left text-muted-foreground">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">Name</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Size</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Uploaded by</th>
                  <th scope="col" className="py-2 pr-4 font-medium">When</th>
                  <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((f) => (
                  <tr key={f.id} className="border-t">
                    <td className="py-2 pr-4">
                      <a href={href(f.id)} download={f.fileName} className="inline-flex items-center gap-2 hover:underline">
                        <FileIcon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
                        <span className="break-all">{f.fileName}</span>
                      </a>
                    </td>
                    <td className="py-2 pr-4 whitespace-nowrap">{formatBytes(f.sizeBytes, locale)}</td>
                    <td className="py-2 pr-4">{f.createdBy.name || "—"}</td>
                    <td className="py-2 pr-4 whitespace-nowrap">
                      <time dateTime={new Date(f.createdAt).toISOString()}>{dateFormat.format(new Date(f.createdAt))}</time>
                    </td>
                    <td className="py-2 text-right whitespace-nowrap">
                      <Button asChild variant="ghost" size="icon">
                        <a href={href(f.id)} download={f.fileName} aria-label={`Download ${f.fileName}`}>
                          <DownloadIcon aria-hidden="true" />
                        </a>
                      </Button>
                      {data.canDelete ? (
                        <Button variant="ghost" size="icon" aria-label={`Delete ${f.fileName}`} onClick={() => setConfirm({ id: f.id, fileName: f.fileName })}>
                          <Trash2Icon aria-hidden="true" />
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </CardContent>

      <Dialog.Root open={confirm !== null} onOpenChange={(open) => !open && setConfirm(null)}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-50 bg-black/40" />
          <Dialog.Content
            role="alertdialog"
            className="fixed top-1/2 left-1/2 z-50 grid w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 gap-4 rounded-lg border bg-background p-6 shadow-lg"
          >
            <Dialog.Title className="text-lg font-semibold">Delete this file?</Dialog.Title>
            <Dialog.Description className="text-sm text-muted-foreground">
              {confirm?.fileName} will be removed from this record.
            </Dialog.Description>
            <div className="flex justify-end gap-2">
              <Dialog.Close asChild>
                <Button variant="outline">Cancel</Button>
              </Dialog.Close>
              <Button variant="destructive" disabled={remove.isPending} onClick={() => confirm && remove.mutate({ id: confirm.id })}>
                Delete
              </Button>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </Card>
  );
}
