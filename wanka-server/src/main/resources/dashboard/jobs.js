// The queue (queues with their quota use, then the jobs, pending first) and a job's own page
// (placement, why it waits, its events, restarts and log). A tenant's user sees its tenant's only:
// the API answers with no more.
'use strict';

const JobsPage = (() => {
  const { h, table, age } = Dom;
  const STATES = ['', 'Pending', 'Running', 'Interrupted', 'Succeeded', 'Failed', 'Cancelled'];
  const ORDER = { Pending: 0, Interrupted: 1, Running: 2 };

  function quota(q) {
    if (q.max === -1) return `${q.accelerator}: ${q.used} in use (no quota)`;
    return `${q.accelerator}: ${q.used} of ${q.max} (guaranteed ${q.guaranteed})`;
  }

  function nodesOrReason(job) {
    if (job.placement.length) {
      return job.placement.map((p) => p.node).join(', ');
    }
    return job.reason || '';
  }

  /**
   * A waiting job's predicted start, asked of the twin on request: each answer runs a what-if of
   * the whole queue (about 1.6 s at 10,240 devices with 1,000 jobs waiting), too dear for every row.
   */
  const predictions = new Map(); // job id -> the twin's answer, kept across refreshes of the page

  function predictedStart(job) {
    if (job.state !== 'Pending' && job.state !== 'Interrupted') return '';
    if (predictions.has(job.id)) return predictions.get(job.id);
    const cell = h('span', {});
    const ask = h('button', {
      type: 'button',
      'data-predict': job.id,
      onclick: async () => {
        ask.disabled = true;
        try {
          const why = await WankaApi.get(`/api/v1/jobs/${job.id}/why`);
          const asked = new Date().toLocaleTimeString('en-GB');
          predictions.set(job.id, `${why.predictedStartMillis
            ? Dom.time(why.predictedStartMillis) : 'cannot tell'} (asked ${asked})`);
          cell.replaceChildren(predictions.get(job.id));
        } catch (e) {
          cell.replaceChildren(e.message);
        }
      },
    }, 'ask the twin');
    cell.append(ask);
    return cell;
  }

  async function render(section) {
    const state = section.querySelector('#jobs-state');
    const chosen = state ? state.value : '';
    const [queues, jobs] = await Promise.all([
      WankaApi.get('/api/v1/queues'),
      WankaApi.get(`/api/v1/jobs?limit=500${chosen ? `&state=${chosen}` : ''}`),
    ]);
    jobs.sort((a, b) => (ORDER[a.state] ?? 3) - (ORDER[b.state] ?? 3) || b.id - a.id);
    const select = h('select', { id: 'jobs-state', onchange: () => render(section) },
      STATES.map((s) => h('option', { value: s, selected: s === chosen }, s || 'all')));
    section.replaceChildren(
      h('h2', {}, 'Queues'),
      table([
        ['Queue', (q) => q.name],
        ['Tenant', (q) => q.tenant],
        ['Pending', (q) => q.pendingJobs],
        ['Running', (q) => q.runningJobs],
        ['Quota use', (q) => q.quota.map(quota).join('; ')],
      ], queues),
      h('h2', {}, 'Jobs'),
      h('div', { class: 'toolbar' }, h('label', {}, 'State ', select),
        h('span', { id: 'jobs-count' },
          `${jobs.length} ${jobs.length === 1 ? 'job' : 'jobs'} (the 500 most recent at most)`)),
      table([
        ['ID', (j) => h('a', { href: `#jobs/${j.id}` }, String(j.id))],
        ['Name', (j) => j.name],
        ['Tenant', (j) => j.tenant],
        ['Queue', (j) => j.queue],
        ['State', (j) => h('span', { class: `state ${j.state}` }, j.state)],
        ['Devices', (j) => j.devices],
        ['Type', (j) => j.accelerators.join(',')],
        ['Age', (j) => age(j.submittedAtMillis)],
        ['Nodes (reason)', nodesOrReason],
        ['Predicted start', predictedStart],
      ], jobs, (j) => ({ 'data-job': j.id })),
    );
  }

  return { render };
})();

const JobPage = (() => {
  const { h, table, time } = Dom;
  const LOG_LINES = 200;
  const LOG_CHUNKS = 8;

  /** The last lines of the job's log (reading at most LOG_CHUNKS chunks from its start). */
  async function logTail(id) {
    let offset = 0;
    let text = '';
    for (let i = 0; i < LOG_CHUNKS; i++) {
      const chunk = await WankaApi.get(`/api/v1/jobs/${id}/logs?offset=${offset}`);
      text += chunk.text;
      if (chunk.nextOffset === offset) break;
      offset = chunk.nextOffset;
    }
    const lines = text.split('\n');
    return lines.slice(Math.max(0, lines.length - LOG_LINES - 1)).join('\n');
  }

  function spans(placement) {
    const leaves = new Set(placement.map((p) => `${p.spine}/${p.leaf}`));
    const spines = new Set(placement.map((p) => p.spine));
    return `${placement.length} node(s) under ${leaves.size} leaf switch(es) and `
      + `${spines.size} spine(s)`;
  }

  function facts(job) {
    const rows = [
      ['State', job.state], ['Kind', job.kind], ['Tenant', job.tenant], ['Queue', job.queue],
      ['Priority', job.priority], ['Devices', `${job.devices} × ${job.accelerators.join(', ')}`],
      ['Attempt', job.attempt], ['Exit code', job.state === 'Running' ? '-' : job.exitCode],
      ['Checkpoints', job.checkpointDirectory || 'none declared'],
      ['Submitted', time(job.submittedAtMillis)], ['Started', time(job.startedAtMillis)],
      ['Finished', time(job.finishedAtMillis)],
    ];
    return h('dl', { class: 'facts' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]));
  }

  async function render(section, id) {
    const [job, events] = await Promise.all([
      WankaApi.get(`/api/v1/jobs/${id}`),
      WankaApi.get(`/api/v1/jobs/${id}/events`),
    ]);
    const waiting = job.state === 'Pending' || job.state === 'Interrupted';
    const why = waiting ? await WankaApi.get(`/api/v1/jobs/${id}/why`) : null;
    const log = await logTail(id);
    const restarts = events.filter((e) => /interrupt|requeue|resum|restart/i.test(`${e.type} ${e.message}`));
    const cancel = !['Succeeded', 'Failed', 'Cancelled'].includes(job.state)
      ? h('button', {
        id: 'cancel-job',
        type: 'button',
        onclick: async () => {
          try {
            await WankaApi.post(`/api/v1/jobs/${id}/cancel`);
            render(section, id);
          } catch (e) {
            section.querySelector('#job-error').textContent = e.message;
          }
        },
      }, 'Cancel')
      : null;
    const shown = section.querySelector('#job-log');
    const scrolled = shown && {
      top: shown.scrollTop,
      atEnd: shown.scrollTop + shown.clientHeight >= shown.scrollHeight - 2,
    };
    section.replaceChildren(...[
      h('p', {}, h('a', { href: '#jobs' }, '← Jobs')),
      h('h2', {}, `Job ${job.id} · ${job.name} `, h('span', { class: `state ${job.state}` }, job.state), ' ', cancel),
      h('p', { id: 'job-error', role: 'alert' }),
      facts(job),
      why && h('section', { id: 'job-why' }, h('h3', {}, 'Why it waits'),
        h('p', {}, why.message || job.reason),
        h('p', {}, why.predictedStartMillis
          ? `The twin expects it to start at ${time(why.predictedStartMillis)}.`
          : 'The twin cannot tell when it will start.')),
      job.placement.length > 0 && h('section', { id: 'job-placement' }, h('h3', {}, 'Placement'),
        h('p', {}, spans(job.placement)),
        table([
          ['Rank', (p) => p.nodeRank], ['Node', (p) => p.node], ['Devices', (p) => p.devices.join(',')],
          ['Leaf', (p) => p.leaf], ['Spine', (p) => p.spine],
        ], [...job.placement].sort((a, b) => a.nodeRank - b.nodeRank))),
      h('section', { id: 'job-restarts' }, h('h3', {}, 'Restarts and checkpoints'),
        h('p', {}, `Attempt ${job.attempt}; `
          + (job.checkpointDirectory ? `resumes from ${job.checkpointDirectory}.` : 'no checkpoint directory declared.')),
        restarts.length
          ? table([['Time', (e) => time(e.atMillis)], ['Event', (e) => e.type], ['', (e) => e.message]], restarts)
          : h('p', {}, 'No interruption so far.')),
      h('section', { id: 'job-events' }, h('h3', {}, 'Events'),
        table([['Time', (e) => time(e.atMillis)], ['Event', (e) => e.type], ['', (e) => e.message]], events)),
      h('section', {}, h('h3', {}, `Log (last ${LOG_LINES} lines of rank 0)`),
        h('pre', { id: 'job-log' }, log || '(nothing yet)')),
    ].filter(Boolean));
    // The log keeps its place across refreshes, or follows the end if it was there.
    const pre = section.querySelector('#job-log');
    if (scrolled) pre.scrollTop = scrolled.atEnd ? pre.scrollHeight : scrolled.top;
  }

  return { render };
})();
