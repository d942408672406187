import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const clientDir = fileURLToPath(new URL(".", import.meta.url));
const projectDir = fileURLToPath(new URL("..", import.meta.url));
/** The game server the development server forwards HTTP to (the SDK connects to it directly). */
const devServer = process.env.RPG_SERVER_URL ?? "http://localhost:2567";

/**
 * Lists the project's source files that went into the bundle (`.build-inputs.json` in the build), so that
 * scripts/clientBuild.ts can tell a stale build from a fresh one by hashing exactly those files.
 */
function buildInputs(): Plugin {
  return {
    name: "rpg-build-inputs",
    generateBundle() {
      const files = [...this.getModuleIds()]
        .filter((id) => !id.includes("\0") && !id.includes("/node_modules/") && id.startsWith(projectDir))
        .map((id) => relative(projectDir, id.split("?")[0]!))
        .sort();
      this.emitFile({ type: "asset", fileName: ".build-inputs.json", source: `${JSON.stringify([...new Set(files)], null, 1)}\n` });
    },
  };
}

export default defineConfig({
  root: clientDir,
  base: "./",
  publicDir: "public",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 2048,
  },
  define: { "import.meta.env.RPG_DEV_SERVER": JSON.stringify(devServer) },
  server: {
    proxy: Object.fromEntries(["/auth", "/maps", "/items", "/npcs", "/rules", "/health"].map((path) => [path, devServer])),
  },
  plugins: [buildInputs()],
});
