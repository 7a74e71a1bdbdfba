import { mount } from 'svelte';
import App from './App.svelte';
import './ui/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target });

// The benchmark hook loads only for `?bench` (scripts/bench.ts), as a separate chunk the app never fetches.
// Benchmarks skip the service worker (App.svelte starts it for the app), whose precaching download
// would compete with what they measure.
if (new URLSearchParams(location.search).has('bench')) void import('./ui/bench-hook');
