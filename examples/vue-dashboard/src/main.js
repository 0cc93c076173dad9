import { createApp } from 'vue';
import App from './App.vue';
import { store } from './store.js';
import './styles.css';

const app = createApp(App);
// Stand-in for the seed's Vuex store: the component reads this.$store.state.auth.token.
app.config.globalProperties.$store = store;
app.mount('#app');
