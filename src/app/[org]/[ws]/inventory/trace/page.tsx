import { LotTrace } from "@/components/inventory/LotTrace";

import { ReportPage, reportMetadata } from "../report-page";

export const generateMetadata = reportMetadata("trace");

export default function TracePage({ params }: { params: Promise<{ org: string; ws: string }> }) {
  return (
    <ReportPage params={params} report="trace">
      {(basePath) => <LotTrace basePath={basePath} />}
    </ReportPage>
  );
}
