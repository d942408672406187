import { existsSync } from "node:fs";
import { dirname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";

/** The built browser client (`client/dist`), found from this file whether it runs from `src/` or `dist/`. */
export function defaultClientDistDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return join(dir, "client", "dist");
    const parent = dirname(dir);
    if (parent === dir) throw new Error("no package.json above src/http: cannot find client/dist");
    dir = parent;
  }
}

const COMPRESSIBLE = /\.(js|css|html|json|svg)$/;

/**
 * `GET /`: the browser client (CLIENT.md), the static files of its build. Vite's fingerprinted files
 * (`/assets/*`) are cached for a year, everything else revalidates; a file with a `.gz` twin of the build
 * is sent compressed to clients that accept gzip. Without a build, `/` answers 503 with the command that
 * makes one (`npm start` and `npm install` make one themselves). Mount it after every other route.
 */
export function clientRoute(distDir: string = defaultClientDistDir()): express.Router {
  const router = express.Router();
  router.use((req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    if (!existsSync(join(distDir, "index.html"))) {
      if (req.path !== "/" && req.path !== "/index.html") return next();
      res.status(503).type("text/plain").send("The browser client is not built: run `npm run client:build` (npm start does it when needed).\n");
      return;
    }
    const path = req.path === "/" ? "/index.html" : req.path;
    const relative = normalize(decodeURIComponent(path)).replace(/^[/\\]+/, "");
    if (relative.split(sep).includes("..") || !COMPRESSIBLE.test(relative) || !/\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) return next();
    const gz = join(distDir, `${relative}.gz`);
    if (!existsSync(gz)) return next();
    res.setHeader("Content-Encoding", "gzip");
    res.setHeader("Vary", "Accept-Encoding");
    res.type(relative.slice(relative.lastIndexOf(".")));
    setCaching(res, relative);
    res.sendFile(gz);
  });
  router.use(
    express.static(distDir, {
      index: "index.html",
      dotfiles: "ignore",
      setHeaders: (res, file) => setCaching(res, file.slice(distDir.length + 1)),
    }),
  );
  return router;
}

function setCaching(res: express.Response, relative: string): void {
  const fingerprinted = relative.split(/[/\\]/)[0] === "assets";
  res.setHeader("Cache-Control", fingerprinted ? "public, max-age=31536000, immutable" : "no-cache");
}
