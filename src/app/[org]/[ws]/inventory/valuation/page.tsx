import { ValuationReport } from "@/components/inventory/ValuationReport";

import { ReportPage, reportMetadata } from "../report-page";

export const generateMetadata = reportMetadata("valuation");

export default function ValuationPage({ params }: { params: Promise<{ org: string; ws: string }> }) {
  return (
    <ReportPage params={params} report="valuation">
      {(basePath) => <ValuationReport basePath={basePath} />}
    </ReportPage>
  );
}
