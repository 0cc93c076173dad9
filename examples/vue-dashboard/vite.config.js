import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// In `npm run dev`, /api and /socket.io are proxied to the leadjobs server (LEADJOBS_URL,
// default http://localhost:3000), so the page always talks to its own origin.
const server = process.env.LEADJOBS_URL || 'http://localhost:3000';

export default defineConfig({
  plugins: [vue()],
  // Built to be served under /vue/ (override with VUE_BASE=/other/path/ npm run build).
  base: process.env.VUE_BASE || '/vue/',
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: true },
      '/socket.io': { target: server, changeOrigin: true, ws: true },
    },
  },
});
