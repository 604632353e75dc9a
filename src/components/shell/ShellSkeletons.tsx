import { useTranslations } from "next-intl";

import { Card, CardContent, CardHeader } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";

export function WorkspaceHomeSkeleton() {
  const t = useTranslations("common");
  return (
    <div className="mx-auto grid max-w-5xl gap-6" role="status" aria-live="polite">
      <span className="sr-only">{t("loading")}</span>
      <Skeleton className="h-8 w-56" />
      <Card>
        <CardHeader>
          <Skeleton className="h-5 w-48" />
          <Skeleton className="h-4 w-72" />
        </CardHeader>
        <CardContent className="grid gap-6 md:grid-cols-2">
          {[0, 1].map((column) => (
            <div key={column} className="grid gap-3">
              <Skeleton className="h-4 w-28" />
              {[0, 1, 2, 3].map((row) => (
                <Skeleton key={row} className="h-4 w-full" />
              ))}
            </div>
          ))}
        </CardContent>
      </Card>
      <Card>
        <CardContent className="flex flex-col items-center gap-3 py-12">
          <Skeleton className="size-12 rounded-full" />
          <Skeleton className="h-5 w-80 max-w-full" />
          <Skeleton className="h-4 w-96 max-w-full" />
        </CardContent>
      </Card>
    </div>
  );
}
