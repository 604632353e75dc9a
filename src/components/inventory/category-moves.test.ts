import { describe, expect, it } from "vitest";
import { dropMove, keyboardMove, subtreeIds, type MoveNode } from "./category-moves";

const n = (id: string, parentId: string | null, children: MoveNode[] = []): MoveNode => ({ id, parentId, children });
// A ─ A1, A2 (─ A2a), A3 ; B
const roots = [n("A", null, [n("A1", "A"), n("A2", "A", [n("A2a", "A2")]), n("A3", "A")]), n("B", null)];

describe("category moves", () => {
  it("moves up / down among siblings, indents under the sibling above, outdents after the parent", () => {
    expect(keyboardMove(roots, "A1", "up")).toBeNull();
    expect(keyboardMove(roots, "A2", "up")).toEqual({ id: "A2", parentId: "A", position: 0 });
    expect(keyboardMove(roots, "A2", "down")).toEqual({ id: "A2", parentId: "A", position: 2 });
    expect(keyboardMove(roots, "A3", "down")).toBeNull();
    expect(keyboardMove(roots, "A3", "indent")).toEqual({ id: "A3", parentId: "A2", position: 1 });
    expect(keyboardMove(roots, "A1", "indent")).toBeNull();
    expect(keyboardMove(roots, "A2a", "outdent")).toEqual({ id: "A2a", parentId: "A", position: 2 });
    expect(keyboardMove(roots, "A1", "outdent")).toEqual({ id: "A1", parentId: null, position: 1 });
    expect(keyboardMove(roots, "A", "outdent")).toBeNull();
  });

  it("drops before, inside or after a target, never onto itself or beneath itself", () => {
    expect(dropMove(roots, "B", "A2", "inside")).toEqual({ id: "B", parentId: "A2", position: 1 });
    expect(dropMove(roots, "A3", "A1", "before")).toEqual({ id: "A3", parentId: "A", position: 0 });
    expect(dropMove(roots, "A1", "A3", "after")).toEqual({ id: "A1", parentId: "A", position: 2 });
    expect(dropMove(roots, "A", "A2a", "inside")).toBeNull();
    expect(dropMove(roots, "A2", "A2", "inside")).toBeNull();
    expect([...subtreeIds(roots, "A2")]).toEqual(["A2", "A2a"]);
  });
});
