// Drift test (docs/architecture.md §5): the database built by the hand-written SQL migrations must match the
// Prisma schema exactly: tables, columns, types, nullability, defaults, enums, primary, unique and foreign keys,
// and indexes. The comparison lives in ./schema-diff.ts; the self-tests below prove that it can fail.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { withConnection } from "../helpers/db";
import { diffSchema, introspect, loadPrismaSchema, type DbSnapshot, type DmmfModel, type PrismaSchema } from "./schema-diff";

let prisma: PrismaSchema;
let db: DbSnapshot;

beforeAll(async () => {
  prisma = await loadPrismaSchema();
  db = await withConnection("owner", (c) => introspect(c, prisma.schemas));
});

/** The differences a modified input adds to those of the unmodified one (so real drift fails only the main test). */
const added = (diffs: string[]) => {
  const baseline = new Set(diffSchema(prisma, db));
  return diffs.filter((d) => !baseline.has(d));
};

const report = (diffs: string[]) => `${diffs.length} difference(s) between prisma/schema and the migrated database:\n  ${diffs.join("\n  ")}`;

describe("schema drift: prisma/schema versus the migrated database", () => {
  it("reads a non-trivial schema on both sides (guards against comparing nothing with nothing)", () => {
    expect(prisma.schemas).toEqual(expect.arrayContaining(["platform", "auth"]));
    expect(prisma.models.length).toBeGreaterThanOrEqual(9);
    expect(db.tables.length).toBeGreaterThanOrEqual(9);
    expect(db.columns.length).toBeGreaterThanOrEqual(50);
    expect(db.foreignKeys.length).toBeGreaterThanOrEqual(10);
    expect(db.enums.length).toBeGreaterThanOrEqual(6);
  });

  it("has no differences", () => {
    const diffs = diffSchema(prisma, db);
    expect(diffs, report(diffs)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Self-tests: the comparison reports what it should.

function model(schema: PrismaSchema, name: string): DmmfModel {
  const m = schema.models.find((x) => x.name === name);
  if (!m) throw new Error(`no model ${name}`);
  return m;
}
function field(m: DmmfModel, name: string) {
  const f = m.fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${m.name}.${name}`);
  return f;
}

describe("drift self-test: a modified Prisma schema against the real database", () => {
  it("reports every change made to the schema side, and nothing else", () => {
    const s = structuredClone(prisma);
    // a column dropped from a model
    const org = model(s, "Organization");
    org.fields = org.fields.filter((f) => f.name !== "legalName");
    // nullability, type, default, enum values
    field(model(s, "Workspace"), "name").isRequired = false;
    field(org, "country").nativeType = ["Char", ["3"]];
    field(model(s, "User"), "sessionVersion").default = 2;
    field(model(s, "Role"), "createdAt").default = { name: "uuid", args: [7] };
    s.enums.find((e) => e.name === "WorkspaceType")?.values.push({ name: "virtual", dbName: null });
    // keys and indexes
    model(s, "RolePermission").primaryKey = null;
    s.indexes = s.indexes.filter((i) => !(i.model === "Membership" && i.type === "normal" && i.fields.length === 1 && i.fields[0]?.name === "userId"));
    s.indexes = s.indexes.map((i) => (i.model === "RolePermission" && i.type === "id" ? { ...i, fields: [...i.fields].reverse() } : i));
    s.indexes = s.indexes.map((i) => (i.model === "Role" && i.type === "unique" && i.fields.some((f) => f.name === "key") ? { ...i, fields: [{ name: "key" }] } : i));
    field(model(s, "Membership"), "user").relationOnDelete = "Cascade";
    // a model without a table
    s.models.push({ ...structuredClone(model(s, "Role")), name: "Ghost", dbName: "ghosts" });

    expect(added(diffSchema(s, db))).toEqual(
      [
        "auth.ghosts (Ghost): table missing in the database",
        "auth.memberships: foreign key (user_id) -> auth.users(id) (Membership.user): ON DELETE: schema says CASCADE, database has RESTRICT",
        "auth.memberships: index (user_id) in the database, not in the Prisma schema",
        "auth.role_permissions: primary key: schema says (permission, role_id, organization_id), database has (organization_id, role_id, permission)",
        "auth.roles.created_at (Role.createdAt): default: schema has uuid() (client-side, so none in the database), database has CURRENT_TIMESTAMP",
        "auth.roles: unique index (key) missing in the database",
        "auth.roles: unique index (organization_id, key) in the database, not in the Prisma schema",
        "auth.users.session_version (User.sessionVersion): default: schema has \"2\", database has 1",
        "enum platform.workspace_type: values differ: schema has [main, division, branch, project, virtual], database has [main, division, branch, project]",
        "platform.organizations.country (Organization.country): type: schema says character(3), database has character(2)",
        "platform.organizations.legal_name: column in the database, not in model Organization",
        "platform.workspaces.name (Workspace.name): nullability: schema says NULL, database has NOT NULL",
      ].sort(),
    );
  });

  it("reports a changed database snapshot: extra table, column, index and foreign key; missing ones", () => {
    const d = structuredClone(db);
    d.tables.push({ schema: "settings", table: "stray" });
    d.columns = d.columns.filter((c) => !(c.table === "users" && c.column === "name"));
    d.columns.push({ ...d.columns.find((c) => c.table === "roles" && c.column === "description")!, column: "legacy" });
    d.indexes.push({ schema: "auth", table: "roles", name: "x", unique: false, primary: false, columns: ["name"], desc: [false], method: "btree", partial: false });
    d.foreignKeys = d.foreignKeys.filter((k) => k.name !== "memberships_user_id_fkey");
    d.enums.push({ schema: "audit", name: "stray_status", values: ["a"] });
    d.schemas = d.schemas.filter((x) => x !== "audit");
    expect(added(diffSchema(prisma, d))).toEqual(
      [
        "auth.memberships: foreign key (user_id) -> auth.users(id) (Membership.user): missing in the database",
        "auth.roles.legacy: column in the database, not in model Role",
        "auth.roles: index (name) in the database, not in the Prisma schema",
        "auth.users.name (User.name): column missing in the database",
        "enum audit.stray_status: in the database, not in the Prisma schema",
        "schema audit: declared in the datasource, missing in the database",
        "settings.stray: table in the database, no Prisma model maps to it",
      ].sort(),
    );
  });
});

describe("drift self-test: introspection of a real throw-away schema", () => {
  const S = `drift_selftest_${randomBytes(4).toString("hex")}`;
  const prismaSource = `
datasource db {
  provider = "postgresql"
  schemas  = ["${S}"]
}

enum Color {
  red
  green @map("GREEN")

  @@map("color")
  @@schema("${S}")
}

model Parent {
  orgId    String    @map("org_id") @db.Uuid
  id       String    @default(uuid(7)) @db.Uuid
  code     String    @db.VarChar(20)
  label    String?   @db.Char(4)
  amount   Decimal   @default(0) @db.Decimal(18, 2)
  ratio    Decimal?
  qty      Int       @default(-1)
  big      BigInt?
  flag     Boolean   @default(true)
  color    Color     @default(green)
  colors   Color[]
  tags     String[]  @default(["a", "b"])
  data     Json      @default("{}")
  at       DateTime  @default(now())
  at2      DateTime? @db.Timestamptz(3)
  updated  DateTime  @updatedAt @map("updated_at") @db.Timestamptz(6)
  note     String    @default("it's")
  children Child[]
  notes    Note[]

  @@id([orgId, id])
  @@unique([orgId, code])
  @@index([orgId, at(sort: Desc)])
  @@map("parents")
  @@schema("${S}")
}

model Child {
  orgId    String  @map("org_id") @db.Uuid
  id       Int     @default(autoincrement())
  parentId String? @map("parent_id") @db.Uuid
  seq      Int
  parent   Parent? @relation(fields: [orgId, parentId], references: [orgId, id], onDelete: Restrict)

  @@id([orgId, id])
  @@index([orgId, parentId])
  @@map("children")
  @@schema("${S}")
}

model Note {
  orgId    String @map("org_id") @db.Uuid
  parentId String @map("parent_id") @db.Uuid
  body     String @db.Text
  parent   Parent @relation(fields: [orgId, parentId], references: [orgId, id])

  @@id([orgId, parentId])
  @@schema("${S}")
}
`;
  const createSql = `
CREATE SCHEMA ${S};
CREATE TYPE ${S}.color AS ENUM ('red', 'GREEN');
CREATE TABLE ${S}.parents (
  org_id uuid NOT NULL, id uuid NOT NULL, code varchar(20) NOT NULL, label char(4),
  amount numeric(18,2) NOT NULL DEFAULT 0, ratio numeric(65,30), qty integer NOT NULL DEFAULT -1, big bigint,
  flag boolean NOT NULL DEFAULT true, color ${S}.color NOT NULL DEFAULT 'GREEN', colors ${S}.color[],
  tags text[] DEFAULT ARRAY['a', 'b'], data jsonb NOT NULL DEFAULT '{}', at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  at2 timestamptz(3), updated_at timestamptz(6) NOT NULL, note text NOT NULL DEFAULT 'it''s',
  CONSTRAINT parents_pkey PRIMARY KEY (org_id, id),
  CONSTRAINT parents_qty_check CHECK (qty <> 0)
);
CREATE UNIQUE INDEX parents_org_id_code_key ON ${S}.parents (org_id, code);
CREATE INDEX parents_org_id_at_idx ON ${S}.parents (org_id, at DESC);
CREATE TABLE ${S}.children (
  org_id uuid NOT NULL, id serial NOT NULL, parent_id uuid, seq integer NOT NULL,
  CONSTRAINT children_pkey PRIMARY KEY (org_id, id),
  CONSTRAINT children_parent_fkey FOREIGN KEY (org_id, parent_id) REFERENCES ${S}.parents (org_id, id) ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX children_org_id_parent_id_idx ON ${S}.children (org_id, parent_id);
-- SQL-only, not expressible in Prisma: ignored by the comparison
CREATE UNIQUE INDEX children_root_seq_key ON ${S}.children (org_id, seq) WHERE parent_id IS NULL;
CREATE INDEX children_lower_idx ON ${S}.children (org_id, (seq + 1));
CREATE TABLE ${S}."Note" (
  org_id uuid NOT NULL, parent_id uuid NOT NULL, body text NOT NULL,
  CONSTRAINT "Note_pkey" PRIMARY KEY (org_id, parent_id),
  CONSTRAINT note_parent_fkey FOREIGN KEY (org_id, parent_id) REFERENCES ${S}.parents (org_id, id) ON DELETE RESTRICT ON UPDATE CASCADE
);`;

  /** Runs fn as tessera_owner in a transaction that is always rolled back: nothing is left behind. */
  const inRolledBackTx = (fn: (c: pg.Client) => Promise<void>) =>
    withConnection("owner", async (c) => {
      await c.query("begin");
      try {
        await fn(c);
      } finally {
        await c.query("rollback");
      }
    });

  it("finds no difference where there is none, and each one made with ALTER", async () => {
    const schema = await loadPrismaSchema([["selftest.prisma", prismaSource]]);
    await inRolledBackTx(async (c) => {
      await c.query(createSql);
      const before = diffSchema(schema, await introspect(c, [S]));
      expect(before, report(before)).toEqual([]);

      await c.query(`
        ALTER TABLE ${S}.parents ALTER COLUMN code DROP NOT NULL;
        ALTER TABLE ${S}.parents ALTER COLUMN label TYPE char(5);
        ALTER TABLE ${S}.parents ALTER COLUMN ratio TYPE numeric(18,2);
        ALTER TABLE ${S}.parents ALTER COLUMN at2 TYPE timestamp(3);
        ALTER TABLE ${S}.parents ALTER COLUMN qty SET DEFAULT 2;
        ALTER TABLE ${S}.parents ALTER COLUMN color SET DEFAULT 'red';
        ALTER TABLE ${S}.parents ALTER COLUMN tags SET DEFAULT ARRAY['a'];
        ALTER TABLE ${S}.parents ALTER COLUMN at SET DEFAULT '2020-01-01';
        ALTER TABLE ${S}.parents ALTER COLUMN updated_at SET DEFAULT CURRENT_TIMESTAMP;
        ALTER TABLE ${S}.parents ADD COLUMN extra integer;
        DROP INDEX ${S}.parents_org_id_at_idx;
        CREATE INDEX parents_org_id_at_asc_idx ON ${S}.parents (org_id, at);
        DROP INDEX ${S}.parents_org_id_code_key;
        CREATE UNIQUE INDEX parents_code_key ON ${S}.parents (code);
        ALTER TABLE ${S}.children DROP CONSTRAINT children_parent_fkey,
          ADD CONSTRAINT children_parent_fkey FOREIGN KEY (org_id, parent_id) REFERENCES ${S}.parents (org_id, id) ON DELETE CASCADE ON UPDATE NO ACTION;
        ALTER TABLE ${S}."Note" DROP CONSTRAINT "Note_pkey", ADD CONSTRAINT "Note_pkey" PRIMARY KEY (parent_id, org_id);
        ALTER TABLE ${S}."Note" RENAME COLUMN body TO content;
        ALTER TYPE ${S}.color ADD VALUE 'blue';
        CREATE TABLE ${S}.stray (id integer);
      `);
      const P = `${S}.parents`;
      expect(diffSchema(schema, await introspect(c, [S]))).toEqual(
        [
          `${P}.code (Parent.code): nullability: schema says NOT NULL, database has NULL`,
          `${P}.label (Parent.label): type: schema says character(4), database has character(5)`,
          `${P}.ratio (Parent.ratio): type: schema says numeric(65,30), database has numeric(18,2)`,
          `${P}.at2 (Parent.at2): type: schema says timestamp(3) with time zone, database has timestamp(3) without time zone`,
          `${P}.qty (Parent.qty): default: schema has "-1", database has 2`,
          `${P}.color (Parent.color): default: schema has "GREEN", database has 'red'::${S}.color`,
          `${P}.tags (Parent.tags): default: schema has [a, b], database has ARRAY['a'::text]`,
          `${P}.at (Parent.at): default: schema has now(), database has '2020-01-01 00:00:00'::timestamp without time zone (expected CURRENT_TIMESTAMP)`,
          `${P}.updated_at (Parent.updated): default: schema has none, database has CURRENT_TIMESTAMP`,
          `${P}.extra: column in the database, not in model Parent`,
          `${P}: index (org_id, at DESC) missing in the database`,
          `${P}: index (org_id, at) in the database, not in the Prisma schema`,
          `${P}: unique index (org_id, code) missing in the database`,
          `${P}: unique index (code) in the database, not in the Prisma schema`,
          `${S}.children: foreign key (org_id, parent_id) -> ${P}(org_id, id) (Child.parent): ON DELETE: schema says RESTRICT, database has CASCADE`,
          `${S}.children: foreign key (org_id, parent_id) -> ${P}(org_id, id) (Child.parent): ON UPDATE: schema says CASCADE, database has NO ACTION`,
          `${S}.Note: primary key: schema says (org_id, parent_id), database has (parent_id, org_id)`,
          `${S}.Note.body (Note.body): column missing in the database`,
          `${S}.Note.content: column in the database, not in model Note`,
          `enum ${S}.color: values differ: schema has [red, GREEN], database has [red, GREEN, blue]`,
          `${S}.stray: table in the database, no Prisma model maps to it`,
        ].sort(),
      );
    });
  });
});
