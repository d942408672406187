// ESLint flat config: typescript-eslint with type information, plus the layer boundaries of the house.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const storageClients = [
  { name: "iovalkey", message: "Only src/state talks to Valkey." },
  { name: "@prisma/client", message: "Only src/state talks to PostgreSQL." },
  { name: "@prisma/adapter-pg", message: "Only src/state talks to PostgreSQL." },
  { name: "pg", message: "Only src/state talks to PostgreSQL." },
];
const generatedPrisma = { group: ["**/generated/prisma/**", "**/generated/prisma"], message: "Only src/state uses the Prisma client." };
const colyseus = { group: ["@colyseus/*"], message: "Services never see the transport: no Colyseus imports." };
const upwards = (layers) => ({ group: layers.map((l) => `**/${l}/**`), message: "Layers point down: rooms -> services -> state." });
// The pure rules (src/services/rules) and the protocol are homes of rules that every layer calls, the state layer included.
const upwardsButRules = (layers) => ({
  ...upwards(layers),
  group: [...layers.filter((l) => l !== "services").map((l) => `**/${l}/**`), "**/services/*", "!**/services/rules"],
});

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "src/generated/", "unity-schema/", "bench/results*.json", "bench/.scratch/", "bench/.runs/", "loadtest/.runs/", "client/dist/", "test-artifacts/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "error",
    },
  },
  {
    files: ["src/**/*.ts"],
    ignores: ["src/state/**"],
    rules: { "no-restricted-imports": ["error", { paths: storageClients, patterns: [generatedPrisma] }] },
  },
  {
    files: ["src/services/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: storageClients, patterns: [generatedPrisma, colyseus, upwards(["rooms", "http", "schema"])] }],
    },
  },
  {
    files: ["src/state/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [colyseus, upwardsButRules(["rooms", "http", "services", "schema"])] }] },
  },
  {
    files: ["src/schema/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { paths: storageClients, patterns: [generatedPrisma, upwards(["rooms", "http", "services", "state"])] }] },
  },
  {
    files: ["test/**/*.ts", "scripts/**/*.ts", "bench/**/*.ts", "loadtest/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-expressions": "off",
      "no-console": "off",
    },
  },
  {
    // The browser client: shared code only from the protocol, the map model and the pure rules; the
    // server's state classes for typing only; no Node globals (client/tsconfig.json has Node types only
    // because shared server files name them).
    files: ["client/**/*.ts"],
    ignores: ["client/vite.config.ts"],
    rules: {
      "no-restricted-globals": ["error", "process", "Buffer", "require", "__dirname", "__filename", "global"],
      "no-restricted-imports": "off",
      "@typescript-eslint/no-restricted-imports": ["error", {
        paths: storageClients,
        patterns: [
          generatedPrisma,
          { group: ["node:*"], message: "The client runs in a browser." },
          { group: ["**/src/rooms/**", "**/src/state/**", "**/src/http/**", "**/src/config/**", "**/src/services/*", "!**/src/services/rules"], message: "The client shares the protocol, the content and the pure rules only." },
          { group: ["**/src/schema/**", "**/src/content/ItemDefinition*"], message: "Server state classes are for typing only (the SDK decodes the state).", allowTypeImports: true },
        ],
      }],
    },
  },
  { files: ["**/*.js", "**/*.mjs"], ...tseslint.configs.disableTypeChecked },
);
