import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { MapSchema, Schema, type } from "@colyseus/schema";
import {
  DEFAULT_NAMESPACE, generateUnitySchema, schemaClassesOf, schemaFieldsOf, type GenerateOutcome, type SchemaClass,
} from "../../scripts/codegenUnity.js";
import * as MapStateModule from "../../src/schema/MapState.js";

// Structure only: no C# compiler (mcs, csc, dotnet) is installed where this suite runs, so the generated
// files are checked by reading them, against the runtime metadata of the schema classes (names, wire
// indexes, types), not by compiling them against the Colyseus Unity SDK.

/** The classes the protocol documents; the module's own exports are the list, this is only its floor. */
const DOCUMENTED_CLASSES = [
  "MapState", "PlayerState", "GroundItemState", "PersonalState", "ItemStackState", "SkillStateSchema", "StatsState",
];

const CS = "global::Colyseus.Schema.";

interface CsField {
  index: number;
  kind: string;
  typeOf: string | undefined;
  csType: string;
  name: string;
}

/** The `[Type(...)]` fields of a generated class, in file order. */
function csFieldsOf(source: string): CsField[] {
  const pattern = /\[(?:global::Colyseus\.Schema\.)?Type\((\d+),\s*"(\w+)"(?:,\s*typeof\(([^)]+)\))?\)\]\s*public\s+([\w.:<>]+)\s+(\w+)\s*=/g;
  return [...source.matchAll(pattern)].map((m) => ({
    index: Number(m[1]),
    kind: m[2]!,
    typeOf: m[3],
    csType: m[4]!,
    name: m[5]!,
  }));
}

const PRIMITIVE_CS: Record<string, string> = { number: "double", string: "string", boolean: "bool" };

/** What the C# generator must write for a field of runtime type `type`. */
function expectedCs(type: unknown): Pick<CsField, "kind" | "typeOf" | "csType"> {
  if (typeof type === "string") {
    const csType = PRIMITIVE_CS[type];
    assert.ok(csType, `the test knows no C# type for "${type}"`);
    return { kind: type, typeOf: undefined, csType };
  }
  if (typeof type === "function") return { kind: "ref", typeOf: type.name, csType: type.name };
  const map = (type as { map?: unknown }).map;
  assert.equal(typeof map, "function", `unexpected field type ${JSON.stringify(type)}`);
  const collection = `${CS}MapSchema<${(map as SchemaClass).name}>`;
  return { kind: "map", typeOf: collection, csType: collection };
}

describe("scripts/codegenUnity (C# schema for Unity)", function () {
  let dir: string;
  let outcome: GenerateOutcome;
  const schemaClasses = schemaClassesOf(MapStateModule);
  const read = (name: string) => readFileSync(join(dir, `${name}.cs`), "utf8");

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "unity-schema-"));
    // Left from an earlier run: a generated file of a class that no longer exists, and a hand-written one.
    writeFileSync(join(dir, "RemovedState.cs"), "// \n// THIS FILE HAS BEEN GENERATED AUTOMATICALLY\n// \nnamespace X {}\n");
    writeFileSync(join(dir, "HandWritten.cs"), "namespace RpgServer.Schema { public partial class PlayerState {} }\n");
    outcome = await generateUnitySchema({ output: dir });
  });

  after(function () {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("finds the schema classes from the module's exports", function () {
    const names = schemaClasses.map(([name]) => name);
    for (const name of DOCUMENTED_CLASSES) assert.ok(names.includes(name), `${name} is not exported as a Schema class`);
    assert.deepEqual(outcome.classes, names);
    for (const [, klass] of schemaClasses) assert.ok(schemaFieldsOf(klass).length > 0, `${klass.name} has no fields`);
  });

  it("ignores exports that do not extend Schema", function () {
    class Plain {}
    class Child extends Schema {
      @type("number") n = 0;
    }
    const found = schemaClassesOf({ Plain, Child, Schema, MapSchema, value: 1, fn: () => 0 });
    assert.deepEqual(found.map(([name]) => name), ["Child"]);
    assert.deepEqual(schemaFieldsOf(Child), [{ index: 0, name: "n", type: "number" }]);
  });

  it("recognises a Schema subclass of the package's other build (CommonJS vs ES module)", async function () {
    const other = (await import("@colyseus/schema")) as { Schema: typeof Schema };
    class Elsewhere extends other.Schema {}
    class Deeper extends Elsewhere {}
    // Under mocha with tsx this file runs as CommonJS and import() yields the ES build: another Schema.
    if (other.Schema !== Schema) assert.ok(!(Elsewhere.prototype instanceof Schema));
    assert.deepEqual(schemaClassesOf({ Elsewhere, Deeper }).map(([name]) => name), ["Deeper", "Elsewhere"]);
  });

  it("writes one .cs file per schema class and removes only stale generated files", function () {
    const generated = outcome.files.map((f) => basename(f)).filter((f) => f !== "HandWritten.cs");
    assert.deepEqual(generated, schemaClasses.map(([name]) => `${name}.cs`).sort());
    assert.ok(!existsSync(join(dir, "RemovedState.cs")), "a stale generated file survived");
    assert.ok(existsSync(join(dir, "HandWritten.cs")), "a hand-written file was deleted");
  });

  it("declares each class as a partial Schema subclass in the namespace", function () {
    assert.equal(outcome.namespace, "RpgServer.Schema");
    assert.equal(DEFAULT_NAMESPACE, "RpgServer.Schema");
    for (const [name] of schemaClasses) {
      const source = read(name);
      assert.match(source, /^namespace RpgServer\.Schema \{$/m, `${name}.cs: namespace`);
      assert.match(source, new RegExp(`public partial class ${name} : (global::Colyseus\\.Schema\\.)?Schema\\b`), `${name}.cs: class`);
    }
  });

  it("declares every synced field with its wire index, kind and C# type", function () {
    for (const [name, klass] of schemaClasses) {
      const expected = schemaFieldsOf(klass).map((f) => ({ index: f.index, name: f.name, ...expectedCs(f.type) }));
      const actual = csFieldsOf(read(name)).map(({ index, name: field, kind, typeOf, csType }) => ({ index, name: field, kind, typeOf, csType }));
      assert.deepEqual(actual, expected, `${name}.cs`);
    }
  });

  it("gives PlayerState the fields clients read", function () {
    const fields = new Map(csFieldsOf(read("PlayerState")).map((f) => [f.name, f.csType]));
    const want = { id: "double", username: "string", x: "double", y: "double", facing: "string", hp: "double", maxHp: "double", dead: "bool", combatLevel: "double" };
    for (const [field, csType] of Object.entries(want)) assert.equal(fields.get(field), csType, `PlayerState.${field}`);
  });

  it("links the containers: MapState maps, PersonalState maps and its stats child", function () {
    const mapState = new Map(csFieldsOf(read("MapState")).map((f) => [f.name, f.csType]));
    assert.equal(mapState.get("mapId"), "string");
    assert.equal(mapState.get("players"), `${CS}MapSchema<PlayerState>`);
    assert.equal(mapState.get("groundItems"), `${CS}MapSchema<GroundItemState>`);
    assert.equal(mapState.get("personal"), `${CS}MapSchema<PersonalState>`);
    const personal = new Map(csFieldsOf(read("PersonalState")).map((f) => [f.name, f.csType]));
    assert.equal(personal.get("inventory"), `${CS}MapSchema<ItemStackState>`);
    assert.equal(personal.get("equipment"), `${CS}MapSchema<ItemStackState>`);
    assert.equal(personal.get("skills"), `${CS}MapSchema<SkillStateSchema>`);
    assert.equal(personal.get("stats"), "StatsState");
  });

  it("refuses a namespace that is not a C# identifier path", async function () {
    await assert.rejects(generateUnitySchema({ output: dir, namespace: "Rpg Server" }), /not a C# namespace/);
  });
});
