// Writes a customers CSV for the import: `npx tsx scripts/crm-import-csv.ts <rows> <file> [badRows]`
// (e.g. 100000 /tmp/customers-100k.csv 30). Upload it at /{org}/{ws}/crm/customers/import.
import { createWriteStream } from "node:fs";
import { customerCsvLines } from "../tests/crm/import-data";

const [rowsArg = "100000", file = "customers.csv", badArg = "0"] = process.argv.slice(2);
const out = createWriteStream(file);
for (const line of customerCsvLines(Number(rowsArg), { bad: Number(badArg), token: Date.now().toString(36) })) {
  if (!out.write(line + "\r\n")) await new Promise<void>((r) => out.once("drain", () => r()));
}
out.end(() => console.log(`${file}: ${rowsArg} rows`));
