import { cn } from "@/lib/utils";

export function Logo({ className, compact = false }: { className?: string; compact?: boolean }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", className)}>
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6 text-primary" fill="currentColor">
        <rect x="2" y="2" width="9" height="9" rx="2" />
        <rect x="13" y="2" width="9" height="9" rx="2" opacity="0.6" />
        <rect x="2" y="13" width="9" height="9" rx="2" opacity="0.6" />
        <rect x="13" y="13" width="9" height="9" rx="2" />
      </svg>
      {compact ? <span className="sr-only">Tessera ERP</span> : <span>Tessera ERP</span>}
    </span>
  );
}
