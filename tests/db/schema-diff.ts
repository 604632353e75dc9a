// Drift detection (docs/architecture.md §5): what the Prisma schema declares versus what the hand-written SQL
// migrations actually built. `diffSchema` is a pure function over the Prisma DMMF and rows read from pg_catalog;
// `loadPrismaSchema` and `introspect` produce those inputs. Every difference is one readable line.
//
// Compared: schemas, tables (and no extra tables), columns (and no extra columns), types, nullability, defaults,
// enums (values in order), primary keys (column order), unique indexes (as column sets), non-unique indexes
// (column order, direction, method; names ignored), foreign keys (columns, target, ON DELETE / ON UPDATE).
// Not compared, because Prisma cannot describe them and they live only in SQL: check constraints, triggers,
// policies, grants, and partial or expression indexes (the policy test covers the tenant rules for those).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";

// ---------------------------------------------------------------------------------------------------------------
// Prisma side

export type DmmfFunctionDefault = { name: string; args: unknown[] };
export type DmmfDefault = DmmfFunctionDefault | string | number | boolean | unknown[];

export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isRequired: boolean;
  isList: boolean;
  isId?: boolean;
  nativeType?: [string, string[]] | null;
  default?: DmmfDefault;
  hasDefaultValue?: boolean;
  isUpdatedAt?: boolean;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

export interface DmmfModel {
  name: string;
  dbName: string | null;
  schema: string | null;
  fields: DmmfField[];
  primaryKey: { name: string | null; fields: string[] } | null;
}

export interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName: string | null }[];
}

export interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string;
  algorithm?: string;
  fields: { name: string; sortOrder?: "asc" | "desc"; operatorClass?: string; length?: number }[];
}

export interface PrismaSchema {
  models: DmmfModel[];
  enums: DmmfEnum[];
  indexes: DmmfIndex[];
  /** The datasource's `schemas`. */
  schemas: string[];
  /** Enum name → its @@schema (the DMMF omits it for enums, so it is read from the source). */
  enumSchemas: Record<string, string>;
}

/** All *.prisma files under dir (recursively), as [path, content] pairs for the schema engine. */
export function readPrismaFiles(dir = path.resolve("prisma/schema")): [string, string][] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(".prisma"))
    .map((d) => path.join(d.parentPath, d.name))
    .sort()
    .map((p) => [p, readFileSync(p, "utf8")]);
}

/** Parses and validates the schema with Prisma's own engine (Wasm build); throws on an invalid schema. */
export async function loadPrismaSchema(files: [string, string][] = readPrismaFiles()): Promise<PrismaSchema> {
  const wasm = await import("@prisma/prisma-schema-wasm");
  const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: files }))) as {
    datamodel: { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] };
  };
  const config = JSON.parse(
    wasm.get_config(JSON.stringify({ prismaSchema: files, datasourceOverrides: {}, ignoreEnvVarErrors: true, env: {} })),
  ) as { config: { datasources: { schemas?: string[] }[] }; errors: unknown[] };
  if (config.errors.length) throw new Error(`prisma schema config errors: ${JSON.stringify(config.errors)}`);
  const enumSchemas: Record<string, string> = {};
  for (const [, src] of files) {
    for (const m of src.matchAll(/^\s*enum\s+(\w+)\s*\{([^}]*)\}/gm)) {
      const schema = /@@schema\(\s*"([^"]+)"\s*\)/.exec(m[2] ?? "")?.[1];
      if (m[1] && schema) enumSchemas[m[1]] = schema;
    }
  }
  return {
    models: dmmf.datamodel.models,
    enums: dmmf.datamodel.enums,
    indexes: dmmf.datamodel.indexes,
    schemas: config.config.datasources[0]?.schemas ?? ["public"],
    enumSchemas,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Database side

export interface DbTable {
  schema: string;
  table: string;
}
export interface DbColumn {
  schema: string;
  table: string;
  column: string;
  /** format_type(atttypid, atttypmod), e.g. "timestamp(6) with time zone", "character varying(20)", "text[]". */
  type: string;
  isArray: boolean;
  /** Set when the (element) type is an enum. */
  enumSchema: string | null;
  enumName: string | null;
  notNull: boolean;
  /** pg_get_expr(adbin, adrelid), or null. */
  default: string | null;
  /** attidentity: '' (none), 'a' (always), 'd' (by default). */
  identity: string;
  /** attgenerated: '' or 's' (stored generated column). */
  generated: string;
}
export interface DbIndex {
  schema: string;
  table: string;
  name: string;
  unique: boolean;
  primary: boolean;
  /** Key columns in order; null for an expression column. */
  columns: (string | null)[];
  desc: boolean[];
  method: string;
  partial: boolean;
}
export interface DbForeignKey {
  schema: string;
  table: string;
  name: string;
  columns: string[];
  refSchema: string;
  refTable: string;
  refColumns: string[];
  /** pg_constraint.confdeltype / confupdtype: a no action, r restrict, c cascade, n set null, d set default. */
  onDelete: string;
  onUpdate: string;
}
export interface DbEnum {
  schema: string;
  name: string;
  values: string[];
}
export interface DbSnapshot {
  schemas: string[];
  tables: DbTable[];
  columns: DbColumn[];
  indexes: DbIndex[];
  foreignKeys: DbForeignKey[];
  enums: DbEnum[];
}

/** Reads everything diffSchema needs from pg_catalog, for the given schemas. */
export async function introspect(c: pg.Client, schemas: string[]): Promise<DbSnapshot> {
  const q = async <T extends pg.QueryResultRow>(sql: string) => (await c.query<T>(sql, [schemas])).rows;
  // One connection runs one query at a time: sequential on purpose.
  const schemaRows = await q<{ schema: string }>(`select nspname::text as schema from pg_namespace where nspname = any($1)`);
  const tables = await q<DbTable>(`
      select n.nspname::text as schema, c.relname::text as "table"
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition and n.nspname = any($1)`);
  const columns = await q<DbColumn>(`
      select n.nspname::text as schema, c.relname::text as "table", a.attname::text as "column",
             format_type(a.atttypid, a.atttypmod) as type,
             t.typcategory = 'A' as "isArray",
             case when et.typtype = 'e' then etn.nspname::text end as "enumSchema",
             case when et.typtype = 'e' then et.typname::text end as "enumName",
             a.attnotnull as "notNull",
             pg_get_expr(d.adbin, d.adrelid) as default,
             a.attidentity::text as identity, a.attgenerated::text as generated
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace
      join pg_type t on t.oid = a.atttypid
      join pg_type et on et.oid = case when t.typcategory = 'A' then t.typelem else t.oid end
      join pg_namespace etn on etn.oid = et.typnamespace
      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where c.relkind in ('r', 'p') and not c.relispartition and n.nspname = any($1)
        and a.attnum > 0 and not a.attisdropped
      order by 1, 2, a.attnum`);
  const indexes = await q<DbIndex>(`
      select n.nspname::text as schema, c.relname::text as "table", i.relname::text as name,
             x.indisunique as unique, x.indisprimary as primary,
             array(select a.attname::text
                   from generate_series(0, x.indnkeyatts - 1) k
                   left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = x.indkey[k] and x.indkey[k] <> 0
                   order by k) as columns,
             array(select (x.indoption[k] & 1) = 1 from generate_series(0, x.indnkeyatts - 1) k order by k) as desc,
             am.amname::text as method,
             x.indpred is not null as partial
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class c on c.oid = x.indrelid
      join pg_namespace n on n.oid = c.relnamespace
      join pg_am am on am.oid = i.relam
      where n.nspname = any($1) and c.relkind in ('r', 'p')`);
  const foreignKeys = await q<DbForeignKey>(`
      select n.nspname::text as schema, c.relname::text as "table", con.conname::text as name,
             array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord)
                   join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord) as columns,
             rn.nspname::text as "refSchema", rc.relname::text as "refTable",
             array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, ord)
                   join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.ord) as "refColumns",
             con.confdeltype::text as "onDelete", con.confupdtype::text as "onUpdate"
      from pg_constraint con
      join pg_class c on c.oid = con.conrelid
      join pg_namespace n on n.oid = c.relnamespace
      join pg_class rc on rc.oid = con.confrelid
      join pg_namespace rn on rn.oid = rc.relnamespace
      where con.contype = 'f' and n.nspname = any($1)`);
  const enums = await q<DbEnum>(`
      select n.nspname::text as schema, t.typname::text as name,
             array_agg(e.enumlabel::text order by e.enumsortorder) as values
      from pg_type t
      join pg_namespace n on n.oid = t.typnamespace
      join pg_enum e on e.enumtypid = t.oid
      where n.nspname = any($1)
      group by 1, 2`);
  return { schemas: schemaRows.map((r) => r.schema), tables, columns, indexes, foreignKeys, enums };
}

// ---------------------------------------------------------------------------------------------------------------
// Comparison

const CLIENT_SIDE_DEFAULTS = new Set(["uuid", "cuid", "nanoid", "ulid"]);

const ACTION_CODES: Record<string, string> = {
  NoAction: "a",
  Restrict: "r",
  Cascade: "c",
  SetNull: "n",
  SetDefault: "d",
};
const ACTION_NAMES: Record<string, string> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

const PRISMA_SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

/** The PostgreSQL type (as format_type prints it) for a Prisma native type attribute, or null if unknown. */
export function nativeTypeToPg(name: string, args: string[]): string | null {
  const a = args.map((s) => s.trim());
  const p = a.length ? `(${a.join(",")})` : "";
  switch (name) {
    case "Text":
      return "text";
    case "Char":
      return `character${a.length ? p : "(1)"}`;
    case "VarChar":
      return `character varying${p}`;
    case "Bit":
      return `bit${a.length ? p : "(1)"}`;
    case "VarBit":
      return `bit varying${p}`;
    case "Uuid":
      return "uuid";
    case "Xml":
      return "xml";
    case "Inet":
      return "inet";
    case "Citext":
      return "citext";
    case "SmallInt":
      return "smallint";
    case "Integer":
      return "integer";
    case "BigInt":
      return "bigint";
    case "Oid":
      return "oid";
    case "DoublePrecision":
      return "double precision";
    case "Real":
      return "real";
    case "Decimal":
      return `numeric${p}`;
    case "Money":
      return "money";
    case "Timestamp":
      return `timestamp${p} without time zone`;
    case "Timestamptz":
      return `timestamp${p} with time zone`;
    case "Time":
      return `time${p} without time zone`;
    case "Timetz":
      return `time${p} with time zone`;
    case "Date":
      return "date";
    case "Json":
      return "json";
    case "JsonB":
      return "jsonb";
    case "ByteA":
      return "bytea";
    case "Boolean":
      return "boolean";
    default:
      return null;
  }
}

type ParsedDefault =
  | { kind: "none" }
  | { kind: "literal"; value: string }
  | { kind: "array"; values: string[] }
  | { kind: "expression"; text: string };

/** Reads a default expression as printed by pg_get_expr: quoted literals with casts, numbers, booleans, ARRAY[...]. */
export function parseDbDefault(expr: string | null): ParsedDefault {
  if (expr === null) return { kind: "none" };
  let s = expr.trim();
  while (s.startsWith("(") && s.endsWith(")") && balanced(s.slice(1, -1))) s = s.slice(1, -1).trim();
  const cast = String.raw`(?:::[\w\s."]+(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])?)*`;
  if (/^NULL/i.test(s) && new RegExp(`^NULL${cast}$`, "i").test(s)) return { kind: "none" };
  const quoted = new RegExp(`^'((?:[^']|'')*)'${cast}$`).exec(s);
  if (quoted) return { kind: "literal", value: (quoted[1] ?? "").replaceAll("''", "'") };
  const plain = new RegExp(`^(-?\\d+(?:\\.\\d+)?(?:e[-+]?\\d+)?|true|false)${cast}$`, "i").exec(s);
  if (plain) return { kind: "literal", value: (plain[1] ?? "").toLowerCase() };
  const array = new RegExp(`^ARRAY\\[(.*)\\]${cast}$`, "s").exec(s);
  if (array) {
    const items = splitTopLevel(array[1] ?? "").map((item) => parseDbDefault(item));
    if (items.every((i): i is { kind: "literal"; value: string } => i.kind === "literal"))
      return { kind: "array", values: items.map((i) => i.value) };
  }
  return { kind: "expression", text: s };
}

function balanced(s: string): boolean {
  let depth = 0;
  let quoted = false;
  for (const ch of s) {
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === "(") depth++;
    else if (!quoted && ch === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = "";
  for (const ch of s) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && (ch === "(" || ch === "[")) depth++;
    if (!quoted && (ch === ")" || ch === "]")) depth--;
    if (!quoted && depth === 0 && ch === ",") {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** PostgreSQL array literal text ({a,"b c"}) to its elements (one level, enough for defaults). */
function parsePgArrayLiteral(s: string): string[] | null {
  const m = /^\{(.*)\}$/s.exec(s.trim());
  if (!m) return null;
  const body = m[1] ?? "";
  if (!body) return [];
  const out: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*))\s*(?:,|$)/gy;
  let match: RegExpExecArray | null;
  while (re.lastIndex < body.length && (match = re.exec(body))) {
    out.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : (match[2] ?? "").trim());
    if (match[0] === "") break;
  }
  return out;
}

function normalizeNumber(s: string): string {
  const n = s.trim().replace(/^\+/, "");
  if (!/^-?\d+(\.\d+)?$/.test(n)) return n;
  const neg = n.startsWith("-");
  let [int = "0", frac = ""] = n.replace(/^-/, "").split(".");
  int = int.replace(/^0+(?=\d)/, "");
  frac = frac.replace(/0+$/, "");
  const out = frac ? `${int}.${frac}` : int;
  return neg && out !== "0" ? `-${out}` : out;
}

function sameLiteral(prismaType: string, expected: string, actual: string): boolean {
  switch (prismaType) {
    case "Int":
    case "BigInt":
    case "Float":
    case "Decimal":
      return normalizeNumber(expected) === normalizeNumber(actual);
    case "DateTime": {
      const a = Date.parse(expected);
      const b = Date.parse(actual.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00"));
      return !Number.isNaN(a) && a === b;
    }
    case "Json":
      try {
        return canonicalJson(JSON.parse(expected)) === canonicalJson(JSON.parse(actual));
      } catch {
        return expected === actual;
      }
    default:
      return expected === actual;
  }
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

const normalizeSql = (s: string) => s.replace(/\s+/g, " ").replace(/\(\s+/g, "(").replace(/\s+\)/g, ")").trim();
const list = (cols: readonly (string | null)[]) => `(${cols.map((c) => c ?? "<expression>").join(", ")})`;
const fk = (cols: string[], ref: string, refCols: string[]) => `${list(cols)} -> ${ref}${list(refCols)}`;

/**
 * Every difference between the Prisma schema and the database, as sorted, readable lines (empty when none).
 * Pure: no I/O.
 */
export function diffSchema(prisma: PrismaSchema, db: DbSnapshot): string[] {
  const out: string[] = [];
  const managed = new Set(prisma.schemas);

  for (const s of prisma.schemas) if (!db.schemas.includes(s)) out.push(`schema ${s}: declared in the datasource, missing in the database`);

  // Enums --------------------------------------------------------------------------------------------------------
  const enumByName = new Map(prisma.enums.map((e) => [e.name, e]));
  const enumDb = (e: DmmfEnum) => ({
    schema: prisma.enumSchemas[e.name] ?? "public",
    name: e.dbName ?? e.name,
    values: e.values.map((v) => v.dbName ?? v.name),
  });
  const dbEnums = new Map(db.enums.map((e) => [`${e.schema}.${e.name}`, e]));
  const declaredEnums = new Set<string>();
  for (const e of prisma.enums) {
    const want = enumDb(e);
    const key = `${want.schema}.${want.name}`;
    declaredEnums.add(key);
    const have = dbEnums.get(key);
    if (!have) out.push(`enum ${key} (${e.name}): missing in the database`);
    else if (have.values.join(",") !== want.values.join(","))
      out.push(`enum ${key}: values differ: schema has [${want.values.join(", ")}], database has [${have.values.join(", ")}]`);
  }
  for (const key of dbEnums.keys()) if (!declaredEnums.has(key)) out.push(`enum ${key}: in the database, not in the Prisma schema`);

  // Tables -------------------------------------------------------------------------------------------------------
  const modelByName = new Map(prisma.models.map((m) => [m.name, m]));
  const tableOf = (m: DmmfModel) => `${m.schema ?? "public"}.${m.dbName ?? m.name}`;
  const columnOf = (m: DmmfModel, fieldName: string) => {
    const f = m.fields.find((x) => x.name === fieldName);
    return f ? (f.dbName ?? f.name) : `<unknown field ${m.name}.${fieldName}>`;
  };
  const dbTables = new Set(db.tables.map((t) => `${t.schema}.${t.table}`));
  const modelTables = new Set(prisma.models.map(tableOf));
  for (const t of dbTables) {
    if (t === "public._prisma_migrations") continue;
    if (managed.has(t.slice(0, t.indexOf("."))) && !modelTables.has(t)) out.push(`${t}: table in the database, no Prisma model maps to it`);
  }

  const byTable = <T extends { schema: string; table: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const k = `${r.schema}.${r.table}`;
      m.set(k, [...(m.get(k) ?? []), r]);
    }
    return m;
  };
  const columnsByTable = byTable(db.columns);
  const indexesByTable = byTable(db.indexes);
  const fksByTable = byTable(db.foreignKeys);

  for (const model of prisma.models) {
    const table = tableOf(model);
    if (!managed.has(model.schema ?? "public")) out.push(`${table} (${model.name}): schema ${model.schema} is not in the datasource schemas`);
    if (!dbTables.has(table)) {
      out.push(`${table} (${model.name}): table missing in the database`);
      continue;
    }

    // Columns ----------------------------------------------------------------------------------------------------
    const dbCols = new Map((columnsByTable.get(table) ?? []).map((c) => [c.column, c]));
    const scalarFields = model.fields.filter((f) => f.kind !== "object");
    const declared = new Set<string>();
    for (const f of scalarFields) {
      const col = f.dbName ?? f.name;
      declared.add(col);
      const where = `${table}.${col} (${model.name}.${f.name})`;
      const c = dbCols.get(col);
      if (!c) {
        out.push(`${where}: column missing in the database`);
        continue;
      }
      // Type
      if (f.kind === "enum") {
        const e = enumByName.get(f.type);
        const want = e ? enumDb(e) : { schema: "?", name: f.type };
        if (c.enumSchema !== want.schema || c.enumName !== want.name || c.isArray !== f.isList)
          out.push(`${where}: type: schema says ${want.schema}.${want.name}${f.isList ? "[]" : ""}, database has ${c.type}`);
      } else {
        const native = f.nativeType ? nativeTypeToPg(f.nativeType[0], f.nativeType[1]) : PRISMA_SCALAR_TYPES[f.type];
        if (!native) {
          out.push(`${where}: type ${f.type}${f.nativeType ? ` @db.${f.nativeType[0]}` : ""} is not known to the drift test; extend nativeTypeToPg`);
        } else {
          const want = `${native}${f.isList ? "[]" : ""}`;
          if (c.type !== want) out.push(`${where}: type: schema says ${want}, database has ${c.type}`);
        }
      }
      // Nullability. Prisma scalar lists have no optionality (and Migrate creates them without NOT NULL): skipped.
      if (!f.isList && f.isRequired !== c.notNull)
        out.push(`${where}: nullability: schema says ${f.isRequired ? "NOT NULL" : "NULL"}, database has ${c.notNull ? "NOT NULL" : "NULL"}`);
      // Default
      out.push(...diffDefault(where, f, c, enumByName));
    }
    for (const col of dbCols.keys()) if (!declared.has(col)) out.push(`${table}.${col}: column in the database, not in model ${model.name}`);

    // Indexes ----------------------------------------------------------------------------------------------------
    const dbIdx = (indexesByTable.get(table) ?? []).filter((i) => !i.partial && i.columns.every((c) => c !== null));
    const modelIdx = prisma.indexes.filter((i) => i.model === model.name);

    const wantPk = modelIdx.find((i) => i.type === "id")?.fields.map((f) => columnOf(model, f.name)) ?? model.primaryKey?.fields.map((f) => columnOf(model, f)) ?? null;
    const havePk = dbIdx.find((i) => i.primary)?.columns ?? null;
    if (wantPk && !havePk) out.push(`${table}: primary key ${list(wantPk)} missing in the database`);
    else if (!wantPk && havePk) out.push(`${table}: primary key ${list(havePk)} in the database, none in model ${model.name}`);
    else if (wantPk && havePk && wantPk.join(",") !== havePk.join(","))
      out.push(`${table}: primary key: schema says ${list(wantPk)}, database has ${list(havePk)}`);

    const setKey = (cols: readonly (string | null)[]) => [...cols].sort().join(",");
    const wantUnique = modelIdx.filter((i) => i.type === "unique").map((i) => i.fields.map((f) => columnOf(model, f.name)));
    const haveUnique = dbIdx.filter((i) => i.unique && !i.primary).map((i) => i.columns);
    out.push(...multisetDiff(table, "unique index", wantUnique, haveUnique, setKey));

    const normalKey = (cols: readonly (string | null)[], desc: readonly boolean[], method: string) =>
      `${cols.map((c, i) => `${c}${desc[i] ? " DESC" : ""}`).join(", ")}${method === "btree" ? "" : ` USING ${method}`}`;
    const wantNormal = modelIdx
      .filter((i) => i.type === "normal" || i.type === "fulltext")
      .map((i) => normalKey(i.fields.map((f) => columnOf(model, f.name)), i.fields.map((f) => f.sortOrder === "desc"), (i.algorithm ?? "BTree").toLowerCase()));
    const haveNormal = dbIdx.filter((i) => !i.unique).map((i) => normalKey(i.columns, i.desc, i.method));
    out.push(...multisetDiff(table, "index", wantNormal.map((k) => [k]), haveNormal.map((k) => [k]), (k) => k.join("")));

    // Foreign keys -----------------------------------------------------------------------------------------------
    const haveFks = fksByTable.get(table) ?? [];
    const pairKey = (cols: string[], ref: string, refCols: string[]) =>
      `${ref}:${cols
        .map((c, i) => `${c}=${refCols[i]}`)
        .sort()
        .join(",")}`;
    const haveByKey = new Map<string, DbForeignKey[]>();
    for (const k of haveFks) {
      const key = pairKey(k.columns, `${k.refSchema}.${k.refTable}`, k.refColumns);
      haveByKey.set(key, [...(haveByKey.get(key) ?? []), k]);
    }
    for (const f of model.fields) {
      if (f.kind !== "object") continue;
      const from = f.relationFromFields ?? [];
      if (!from.length) {
        const target = modelByName.get(f.type);
        const back = target?.fields.find((x) => x.kind === "object" && x.relationName === f.relationName && x !== f);
        if (f.isList && back?.isList) out.push(`${table}: implicit many-to-many relation ${f.relationName} is not supported; model the join table explicitly`);
        continue;
      }
      const target = modelByName.get(f.type);
      if (!target) continue;
      const cols = from.map((x) => columnOf(model, x));
      const ref = tableOf(target);
      const refCols = (f.relationToFields ?? []).map((x) => columnOf(target, x));
      const onDelete = f.relationOnDelete ?? (f.isRequired ? "Restrict" : "SetNull");
      const onUpdate = f.relationOnUpdate ?? "Cascade";
      const where = `${table}: foreign key ${fk(cols, ref, refCols)} (${model.name}.${f.name})`;
      const candidates = haveByKey.get(pairKey(cols, ref, refCols)) ?? [];
      const have = candidates.shift();
      if (!have) {
        out.push(`${where}: missing in the database`);
        continue;
      }
      if (have.onDelete !== ACTION_CODES[onDelete])
        out.push(`${where}: ON DELETE: schema says ${ACTION_NAMES[ACTION_CODES[onDelete] ?? ""] ?? onDelete}, database has ${ACTION_NAMES[have.onDelete] ?? have.onDelete}`);
      if (have.onUpdate !== ACTION_CODES[onUpdate])
        out.push(`${where}: ON UPDATE: schema says ${ACTION_NAMES[ACTION_CODES[onUpdate] ?? ""] ?? onUpdate}, database has ${ACTION_NAMES[have.onUpdate] ?? have.onUpdate}`);
    }
    for (const rest of haveByKey.values())
      for (const k of rest) out.push(`${table}: foreign key ${k.name} ${fk(k.columns, `${k.refSchema}.${k.refTable}`, k.refColumns)} in the database, no relation in model ${model.name}`);
  }
  return out.sort();
}

function diffDefault(where: string, f: DmmfField, c: DbColumn, enums: Map<string, DmmfEnum>): string[] {
  const have = parseDbDefault(c.default);
  const shown = c.default ?? "no default";
  const d = f.default;
  const fn = d !== undefined && typeof d === "object" && !Array.isArray(d) ? d : null;

  if (d === undefined || (fn && CLIENT_SIDE_DEFAULTS.has(fn.name))) {
    // No default, or one the Prisma client computes (uuid(), cuid(), …; @updatedAt is client-side too).
    if (c.identity) return [`${where}: default: schema has ${fn ? `${fn.name}() (client-side)` : "none"}, database column is an identity column`];
    return have.kind === "none" ? [] : [`${where}: default: schema has ${fn ? `${fn.name}() (client-side, so none in the database)` : "none"}, database has ${shown}`];
  }
  if (fn) {
    switch (fn.name) {
      case "now":
        return have.kind === "expression" && /^(CURRENT_TIMESTAMP|now\(\))$/i.test(have.text)
          ? []
          : [`${where}: default: schema has now(), database has ${shown} (expected CURRENT_TIMESTAMP)`];
      case "autoincrement":
        return c.identity || (have.kind === "expression" && /^nextval\(/.test(have.text))
          ? []
          : [`${where}: default: schema has autoincrement(), database has ${shown}`];
      case "dbgenerated": {
        const arg = fn.args[0];
        if (typeof arg !== "string") return have.kind === "none" ? [`${where}: default: schema has dbgenerated(), database has none`] : [];
        return c.default !== null && normalizeSql(c.default) === normalizeSql(arg)
          ? []
          : [`${where}: default: schema has dbgenerated("${arg}"), database has ${shown}`];
      }
      default:
        return [`${where}: default function ${fn.name}() is not known to the drift test`];
    }
  }
  // Literal defaults
  const mapEnum = (v: string) => {
    if (f.kind !== "enum") return v;
    const value = enums.get(f.type)?.values.find((x) => x.name === v);
    return value?.dbName ?? value?.name ?? v;
  };
  if (Array.isArray(d)) {
    const want = d.map((v) => mapEnum(typeof v === "string" ? v : JSON.stringify(v)));
    const got = have.kind === "array" ? have.values : have.kind === "literal" ? parsePgArrayLiteral(have.value) : null;
    const ok = got !== null && got.length === want.length && got.every((v, i) => sameLiteral(f.type, want[i] ?? "", v));
    return ok ? [] : [`${where}: default: schema has [${want.join(", ")}], database has ${shown}`];
  }
  const want = mapEnum(String(d));
  return have.kind === "literal" && sameLiteral(f.type, want, have.value)
    ? []
    : [`${where}: default: schema has ${JSON.stringify(want)}, database has ${shown}`];
}

function multisetDiff(
  table: string,
  what: string,
  want: (readonly (string | null)[])[],
  have: (readonly (string | null)[])[],
  key: (cols: readonly (string | null)[]) => string,
): string[] {
  const out: string[] = [];
  const remaining = have.map(key);
  for (const w of want) {
    const i = remaining.indexOf(key(w));
    if (i >= 0) remaining.splice(i, 1);
    else out.push(`${table}: ${what} ${list(w)} missing in the database`);
  }
  for (const h of have) {
    const i = remaining.indexOf(key(h));
    if (i >= 0) {
      remaining.splice(i, 1);
      out.push(`${table}: ${what} ${list(h)} in the database, not in the Prisma schema`);
    }
  }
  return out;
}
