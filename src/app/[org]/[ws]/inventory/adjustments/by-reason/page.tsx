import { AdjustmentsByReasonReport } from "@/components/inventory/AdjustmentsByReasonReport";

import { ReportPage, reportMetadata } from "../../report-page";

export const generateMetadata = reportMetadata("byReason");

export default function AdjustmentsByReasonPage({ params }: { params: Promise<{ org: string; ws: string }> }) {
  return (
    <ReportPage params={params} report="byReason">
      {(_basePath, { org, ws }) => <AdjustmentsByReasonReport org={org} ws={ws} />}
    </ReportPage>
  );
}
