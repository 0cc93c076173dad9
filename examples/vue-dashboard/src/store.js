// The seed's Vue component reads its token from `this.$store.state.auth.token` (a Vuex store in the
// seed's app). This page has no Vuex: a tiny reactive object with the same shape stands in for it and
// is installed as `$store` in main.js, so the component's code runs unchanged.
import { reactive } from 'vue';

const TOKEN_KEY = 'leadjobs.token';

function storedToken() {
  try {
    return window.localStorage.getItem(TOKEN_KEY) || '';
  } catch {
    return '';
  }
}

export const store = reactive({
  state: { auth: { token: storedToken() } },
  setToken(token) {
    this.state.auth.token = token;
    try {
      if (token) window.localStorage.setItem(TOKEN_KEY, token);
      else window.localStorage.removeItem(TOKEN_KEY);
    } catch {
      // Storage may be disabled; the token still works for this page.
    }
  },
});
