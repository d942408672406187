// Generates the C# classes of the room state for Unity clients: one `<Class>.cs` per schema class of
// src/schema/MapState.ts, into unity-schema/ (git-ignored generated output), with @colyseus/schema's own
// code generator (its `schema-codegen` CLI, which reads the TypeScript source statically, decorators and
// all). Then it checks the output against the module itself: every exported class that extends Schema must
// have its file, so a class the generator could not read fails the run instead of going missing.
//   npm run codegen:unity                          # unity-schema/, namespace RpgServer.Schema
//   node --import tsx scripts/codegenUnity.ts --output <dir> --namespace <Ns>
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs, promisify } from "node:util";
import { Schema } from "@colyseus/schema";

const run = promisify(execFile);

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_SOURCE = join(ROOT, "src/schema/MapState.ts");
export const DEFAULT_OUTPUT = join(ROOT, "unity-schema");
export const DEFAULT_NAMESPACE = "RpgServer.Schema";

/** The first line the generator writes into every file; only files carrying it are ever deleted. */
const GENERATED_MARK = "THIS FILE HAS BEEN GENERATED AUTOMATICALLY";
const NAMESPACE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export type SchemaClass = typeof Schema;

/** One synced field of a schema class as the encoder sees it: its wire index, name and declared type. */
export interface SchemaField {
  index: number;
  name: string;
  /** "number", "string", "boolean", ...; a Schema class (a child); or `{map: X}`, `{array: X}`, ... */
  type: unknown;
}

export interface GenerateOptions {
  /** The TypeScript module holding the schema classes (default: src/schema/MapState.ts). */
  source?: string;
  /** Where the `.cs` files go; created when missing (default: unity-schema/). */
  output?: string;
  /** The C# namespace of the classes (default: RpgServer.Schema). */
  namespace?: string;
}

export interface GenerateOutcome {
  output: string;
  namespace: string;
  /** The schema classes the module exports, by name, sorted. */
  classes: string[];
  /** Absolute paths of the generated `.cs` files, sorted. */
  files: string[];
}

/**
 * Whether `value` is a class that extends Schema. Not only `instanceof`: the module may have been loaded
 * through the other build of @colyseus/schema (its CommonJS one under a CommonJS test runner, its ES one
 * under `import()`), whose Schema is another object; such a base is recognised by its name and its
 * static `Schema.is`.
 */
export function extendsSchema(value: unknown): value is SchemaClass {
  if (typeof value !== "function") return false;
  if (value.prototype instanceof Schema) return true;
  for (let base: unknown = Object.getPrototypeOf(value); typeof base === "function"; base = Object.getPrototypeOf(base)) {
    if (base.name === "Schema" && typeof (base as Partial<typeof Schema>).is === "function") return true;
  }
  return false;
}

/** The exported classes of `module` that extend Schema, sorted by name (the module's own list, not a hard-coded one). */
export function schemaClassesOf(module: Record<string, unknown>): Array<[name: string, klass: SchemaClass]> {
  return Object.entries(module)
    .filter((entry): entry is [string, SchemaClass] => extendsSchema(entry[1]))
    .sort(([a], [b]) => a.localeCompare(b));
}

/** The fields of a schema class, in wire-index order, read from the metadata its `@type` decorators built. */
export function schemaFieldsOf(klass: SchemaClass): SchemaField[] {
  const metadata = (klass as unknown as Record<symbol, Record<string, { index: number; name: string; type: unknown } | undefined> | undefined>)[
    Symbol.metadata
  ];
  if (!metadata) return [];
  return Object.keys(metadata)
    .filter((key) => /^\d+$/.test(key))
    .map((key) => metadata[key]!)
    .map(({ index, name, type }) => ({ index, name, type }))
    .sort((a, b) => a.index - b.index);
}

/** The `schema-codegen` executable of the installed @colyseus/schema (its package.json `bin`). */
function codegenBin(): string {
  const entry = createRequire(import.meta.url).resolve("@colyseus/schema");
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; bin?: Record<string, string> };
    if (pkg.name !== "@colyseus/schema") continue;
    const bin = pkg.bin?.["schema-codegen"];
    if (!bin) throw new Error(`@colyseus/schema at ${dir} has no schema-codegen executable`);
    return join(dir, bin);
  }
  throw new Error(`cannot find the package root of @colyseus/schema from ${entry}`);
}

/** Deletes `.cs` files of `dir` that an earlier run generated (a class since removed); hand-written files stay. */
function removeGeneratedFiles(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".cs")) continue;
    const file = join(dir, name);
    if (readFileSync(file, "utf8").slice(0, 400).includes(GENERATED_MARK)) rmSync(file);
  }
}

/**
 * Generates one C# file per schema class of `source` into `output` (stale generated files are removed
 * first) and checks that every Schema subclass the module exports got its file.
 * @throws Error when the generator fails or leaves a class out.
 */
export async function generateUnitySchema(options: GenerateOptions = {}): Promise<GenerateOutcome> {
  const source = resolve(options.source ?? DEFAULT_SOURCE);
  const output = resolve(options.output ?? DEFAULT_OUTPUT);
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  if (!NAMESPACE_PATTERN.test(namespace)) throw new Error(`"${namespace}" is not a C# namespace`);
  if (!existsSync(source)) throw new Error(`no schema module at ${source}`);

  mkdirSync(output, { recursive: true });
  removeGeneratedFiles(output);
  try {
    await run(process.execPath, [codegenBin(), source, "--csharp", "--output", output, "--namespace", namespace], { cwd: ROOT });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`schema-codegen failed: ${e.stderr || e.stdout || e.message}`, { cause: err });
  }

  const module = (await import(pathToFileURL(source).href)) as Record<string, unknown>;
  const classes = schemaClassesOf(module).map(([name]) => name);
  if (classes.length === 0) throw new Error(`${source} exports no class that extends Schema`);
  const missing = classes.filter((name) => !existsSync(join(output, `${name}.cs`)));
  if (missing.length > 0) throw new Error(`schema-codegen wrote no file for ${missing.join(", ")} (see ${output})`);
  const files = readdirSync(output).filter((f) => f.endsWith(".cs")).sort().map((f) => join(output, f));
  return { output, namespace, classes, files };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { output: { type: "string" }, namespace: { type: "string" }, source: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) {
    console.log("node --import tsx scripts/codegenUnity.ts [--output unity-schema] [--namespace RpgServer.Schema] [--source src/schema/MapState.ts]");
    return;
  }
  const outcome = await generateUnitySchema(values);
  console.log(`generated ${outcome.classes.length} C# classes (namespace ${outcome.namespace}) in ${outcome.output}: ${outcome.classes.join(", ")}`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
