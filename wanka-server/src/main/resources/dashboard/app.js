// The dashboard: sign in with a token, then its pages (cluster, jobs, nodes, over time), each
// refreshed every few seconds while shown. It uses only REST API v1, so it shows what the token
// may see and nothing else.
'use strict';

(() => {
  const REFRESH_MILLIS = 5000;
  const $ = (id) => document.getElementById(id);
  // generation: counts route changes, so that a page rendered after the reader moved on does not
  // schedule its refresh
  const state = { who: null, map: null, plan: null, timer: null, generation: 0, firstDrawMillis: null };
  const timings = {}; // milliseconds since navigation at each step of the first load

  /** For the browser tests: what is drawn, and when the first drawing finished. */
  window.wanka = {
    get firstDrawMillis() { return state.firstDrawMillis; },
    timings,
    get drawnDevices() { return state.plan ? state.plan.drawn : 0; },
    colourOfDevice: (node, local) => state.plan
      ? Heatmap.colourOfDevice($('heatmap'), state.plan, node, local) : null,
    stateColours: Heatmap.STATE_COLOURS,
    refresh: () => refresh(),
  };

  const PAGES = ['login', 'cluster', 'jobs', 'job', 'nodes', 'history'];

  function show(section) {
    for (const id of PAGES) $(id).hidden = id !== section;
    $('nav').hidden = section === 'login';
    $('sign-out').hidden = section === 'login';
    for (const link of $('nav').querySelectorAll('a')) {
      link.classList.toggle('active', link.dataset.page === (section === 'job' ? 'jobs' : section));
    }
  }

  /** Renders the page the address names, again every REFRESH_MILLIS while it is shown. */
  async function route() {
    clearTimeout(state.timer);
    const generation = ++state.generation;
    if (!state.who) return;
    const [page, id] = location.hash.replace(/^#/, '').split('/');
    $('page-error').textContent = '';
    if (page === 'jobs' && id) {
      show('job');
      await rendered(() => JobPage.render($('job'), id));
    } else if (page === 'jobs') {
      show('jobs');
      await rendered(() => JobsPage.render($('jobs')));
    } else if (page === 'history') {
      show('history');
      await rendered(() => HistoryPage.render($('history')));
    } else if (page === 'nodes') {
      show('nodes');
      await rendered(() => NodesPage.render($('nodes'), state.who.role === 'ADMIN'));
    } else {
      show('cluster');
      refresh();
      return;
    }
    if (generation === state.generation) {
      state.timer = setTimeout(route, REFRESH_MILLIS);
    }
  }

  /** Runs a page's rendering; a failure is shown in errors, or signs out on a 401. */
  async function rendered(render, errors = $('page-error'), what = 'the page') {
    const generation = state.generation;
    try {
      await render();
    } catch (e) {
      if (generation !== state.generation || !state.who) return;
      if (e.status === 401) {
        signedOut('The token is no longer valid; sign in again.');
        return;
      }
      errors.textContent = `Could not load ${what}: ${e.message}`;
    }
  }

  function signedOut(message) {
    clearTimeout(state.timer);
    state.generation++;
    WankaApi.forget();
    state.who = null;
    $('who').textContent = '';
    $('login-error').textContent = message || '';
    show('login');
    $('token').focus();
  }

  async function signIn(token) {
    try {
      state.who = await WankaApi.signIn(token);
    } catch (e) {
      signedOut(e.status === 401 ? 'That token is not valid (unknown or revoked).' : e.message);
      return;
    }
    const who = state.who;
    $('who').textContent = who.role === 'ADMIN'
      ? `${who.name} (admin)` : `${who.name} (tenant ${who.tenant})`;
    route();
  }

  function options() {
    return {
      colourBy: $('colour-by').value,
      detail: $('detail').value,
      filter: { accelerator: $('filter-accelerator').value, pool: $('filter-pool').value },
      width: $('heatmap-box').clientWidth - 16,
      height: window.innerHeight - ($('heatmap-box').getBoundingClientRect().top + window.scrollY) - 24,
    };
  }

  function fillChoices(select, values) {
    const chosen = select.value;
    const first = select.options[0];
    select.replaceChildren(first, ...[...new Set(values)].sort().map((v) => new Option(v, v)));
    select.value = values.includes(chosen) ? chosen : '';
  }

  const plural = (n, one, many) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

  function summarise(map, plan) {
    const count = {};
    map.state.forEach((s) => { count[map.states[s]] = (count[map.states[s]] || 0) + 1; });
    const nodesReady = map.nodes.filter((n) => n.state === 'Ready').length;
    const leaves = plan.spines.reduce((sum, spine) => sum + spine.leaves.length, 0);
    const parts = map.states.filter((s) => count[s]).map((s) => `${count[s].toLocaleString('en')} ${s}`);
    $('cluster-summary').textContent =
      `${plan.drawn.toLocaleString('en')} devices shown of ${map.state.length.toLocaleString('en')}`
      + ` · ${map.nodes.length.toLocaleString('en')} nodes (${nodesReady.toLocaleString('en')} Ready)`
      + ` · ${plural(leaves, 'leaf', 'leaves')} · ${plural(plan.spines.length, 'spine', 'spines')}`
      + (parts.length ? ` — ${parts.join(', ')}` : '')
      + (plan.mode === 'leaves' ? ' · one tile per leaf' : '');
  }

  function redraw() {
    if (!state.map) return;
    const opts = options();
    state.plan = Heatmap.draw($('heatmap'), state.map, opts);
    $('legend').replaceChildren(...Heatmap.legend(state.map, opts.colourBy));
    summarise(state.map, state.plan);
    if (state.firstDrawMillis === null) {
      state.firstDrawMillis = performance.now();
      timings.drawn = state.firstDrawMillis;
    }
  }

  async function refresh() {
    clearTimeout(state.timer);
    const generation = state.generation;
    await rendered(async () => {
      if (timings.requested === undefined) timings.requested = performance.now();
      const map = await WankaApi.get('/api/v1/cluster/devices');
      if (generation !== state.generation || !state.who) return; // the reader moved on
      if (timings.fetched === undefined) timings.fetched = performance.now();
      state.map = map;
      fillChoices($('filter-accelerator'), map.nodes.map((n) => n.accelerator));
      fillChoices($('filter-pool'), map.nodes.map((n) => n.pool));
      redraw();
      $('cluster-error').textContent = '';
      $('updated').textContent = `updated ${new Date().toLocaleTimeString('en-GB')}`;
    }, $('cluster-error'), 'the cluster');
    if (generation === state.generation && state.who) {
      state.timer = setTimeout(refresh, REFRESH_MILLIS);
    }
  }

  function showTooltip(event) {
    const tip = $('tooltip');
    if (!state.plan) return;
    const box = $('heatmap').getBoundingClientRect();
    const text = Heatmap.hit(state.plan, event.clientX - box.left, event.clientY - box.top);
    tip.hidden = !text;
    if (text) {
      const outer = $('heatmap-box').getBoundingClientRect();
      tip.textContent = text;
      tip.style.left = `${event.clientX - outer.left + 14}px`;
      tip.style.top = `${event.clientY - outer.top + 14}px`;
    }
  }

  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('token').value.trim());
  });
  $('sign-out').addEventListener('click', () => signedOut());
  for (const id of ['colour-by', 'detail', 'filter-accelerator', 'filter-pool']) {
    $(id).addEventListener('change', redraw);
  }
  $('heatmap').addEventListener('mousemove', showTooltip);
  $('heatmap').addEventListener('mouseleave', () => { $('tooltip').hidden = true; });
  window.addEventListener('resize', redraw);
  window.addEventListener('hashchange', route);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && state.who) route();
  });

  timings.scriptStarted = performance.now();
  const kept = WankaApi.token();
  if (kept) signIn(kept); else signedOut();
})();
