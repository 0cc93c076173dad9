import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In `npm run dev` the page is served by Vite; /api and /socket.io are proxied to the leadjobs server
// (LEADJOBS_URL, default http://localhost:3000), so the app can always talk to its own origin.
const server = process.env.LEADJOBS_URL || 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  // Relative asset paths: dist/ works when served at / (the reference server) or under any folder.
  base: './',
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: true },
      '/socket.io': { target: server, changeOrigin: true, ws: true },
    },
  },
});
