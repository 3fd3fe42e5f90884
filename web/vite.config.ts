/// <reference types="vitest" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The backend (python setup.py run --demo --port 5000) answers /api during `npm run dev`.
const backend = process.env.PLEXM8_BACKEND ?? "http://127.0.0.1:5000";

export default defineConfig({
  plugins: [react()],
  base: "/",
  build: {
    outDir: "dist",
    assetsDir: "assets",
    emptyOutDir: true,
    sourcemap: false,
    target: "es2020",
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 400,
  },
  server: { port: 5173, proxy: { "/api": { target: backend, changeOrigin: false } } },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
    css: false,
  },
});
