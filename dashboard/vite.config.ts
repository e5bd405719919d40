// The dashboard build: a Vue 3 single-page app served by the API from dashboard/dist. In development,
// `npx vite --config dashboard/vite.config.ts` serves it with hot reload and proxies the API paths to a
// running service (TIANJIAN_API, default http://127.0.0.1:8080).
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

const root = fileURLToPath(new URL('.', import.meta.url))
const api = process.env.TIANJIAN_API ?? 'http://127.0.0.1:8080'

export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  define: {
    // vue-i18n feature flags: composition API only, no devtools in production.
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false'
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        // Libraries change less often than our code: their own chunks stay cached across releases. ECharts
        // is imported only by the lazily loaded history chart, so it stays out of the first load.
        codeSplitting: {
          groups: [
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus)[\\/]/ },
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/ }
          ]
        }
      }
    }
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: api, changeOrigin: true },
      '/docs': { target: api, changeOrigin: true },
      '/metrics': { target: api, changeOrigin: true }
    }
  }
})
