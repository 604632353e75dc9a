// Test data for the customers import: a CSV of `rows` customers with one contact each, `bad` of them invalid
// (bad e-mail, unknown tier, missing name in turn). Deterministic, streamed line by line.

export const IMPORT_CSV_HEADER = "Name,Legal name,Status,Tier,E-mail,Phone,Website,Industry,Tags,Credit limit,Credit currency,Contact first name,Contact last name,Position,Contact e-mail";

const INDUSTRIES = ["Manufacturing", "Retail", "Logistics", "Software", "Construction", "Agriculture"];
const TIERS = ["standard", "silver", "gold", "platinum"];
// A new customer starts as a lead, prospect or active customer (crm.schemas CUSTOMER_INITIAL_STATUSES; inactive and
// churned are reached through the status machine only), so every status here is one a create accepts.
const STATUSES = ["lead", "prospect", "active", "active"];

/** The lines of the file (header first); row r of the file is line r - 1 of this list. */
export function* customerCsvLines(rows: number, opts: { bad?: number; token?: string } = {}): Generator<string> {
  const token = opts.token ?? "bench";
  const bad = opts.bad ?? 0;
  const every = bad ? Math.floor(rows / bad) : 0;
  yield IMPORT_CSV_HEADER;
  let badLeft = bad;
  for (let i = 1; i <= rows; i++) {
    let name = `Customer ${token} ${i}`;
    let email = `c${i}.${token}@example.test`;
    let tier = TIERS[i % 4]!;
    if (every && i % every === 0 && badLeft > 0) {
      const kind = (bad - badLeft) % 3;
      if (kind === 0) email = `c${i}-not-an-email`;
      else if (kind === 1) tier = "diamond";
      else name = "";
      badLeft--;
    }
    yield [
      name,
      `"${name}, LLC"`,
      STATUSES[i % 4],
      tier,
      email,
      `+1 555 ${String(i).padStart(7, "0")}`,
      `https://c${i}.example.test`,
      INDUSTRIES[i % INDUSTRIES.length],
      i % 2 ? "import;bench" : "import",
      i % 5 ? `${(i % 97) * 1000}.00` : "",
      i % 5 ? "USD" : "",
      `First${i}`,
      `Last${i}`,
      i % 3 ? "Buyer" : "CFO",
      `p${i}.${token}@example.test`,
    ].join(",");
  }
}

export function customerCsv(rows: number, opts: { bad?: number; token?: string } = {}): string {
  return [...customerCsvLines(rows, opts)].join("\r\n") + "\r\n";
}
