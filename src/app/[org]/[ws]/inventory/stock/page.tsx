import { StockReport } from "@/components/inventory/StockReport";

import { ReportPage, reportMetadata } from "../report-page";

export const generateMetadata = reportMetadata("stock");

export default function StockPage({ params }: { params: Promise<{ org: string; ws: string }> }) {
  return (
    <ReportPage params={params} report="stock">
      {(basePath) => <StockReport basePath={basePath} />}
    </ReportPage>
  );
}
