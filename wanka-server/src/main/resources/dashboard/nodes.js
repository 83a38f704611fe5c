// The nodes: health, heartbeat age and devices, those needing attention first; admins cordon,
// drain and uncordon from here. Read from the same arrays as the cluster view, so 12,500 nodes
// cost one reply; at most ROWS rows are shown, narrowed by a name filter.
'use strict';

const NodesPage = (() => {
  const { h, table } = Dom;
  const ROWS = 500;

  function condition(node) {
    if (node.state !== 'Ready') return node.state;
    if (node.draining) return 'Ready, draining';
    if (node.cordoned) return 'Ready, cordoned';
    return 'Ready';
  }

  function attention(node, failed) {
    return (node.state !== 'Ready') * 4 + (failed > 0) * 2 + (node.draining || node.cordoned);
  }

  async function act(section, node, action, admin) {
    try {
      await WankaApi.post(`/api/v1/nodes/${encodeURIComponent(node)}/${action}`);
    } catch (e) {
      section.querySelector('#nodes-error').textContent = `${action} ${node}: ${e.message}`;
      return;
    }
    render(section, admin);
  }

  async function render(section, admin) {
    const filter = section.querySelector('#nodes-filter');
    const typed = filter ? filter.value : '';
    const map = await WankaApi.get('/api/v1/cluster/devices');
    const rows = map.nodes
      .filter((n) => n.name.includes(typed))
      .map((node) => {
        let busy = 0;
        let failed = 0;
        let utilization = 0;
        for (let d = node.firstDevice; d < node.firstDevice + node.devices; d++) {
          const state = map.states[map.state[d]];
          busy += state === 'busy';
          failed += state === 'failed';
          utilization += map.utilization[d];
        }
        return { node, busy, failed, utilization: utilization / Math.max(1, node.devices) };
      })
      .sort((a, b) => attention(b.node, b.failed) - attention(a.node, a.failed)
        || a.node.name.localeCompare(b.node.name));
    const input = h('input', { id: 'nodes-filter', type: 'search', placeholder: 'node name contains', value: typed });
    input.addEventListener('change', () => render(section, admin));
    const columns = [
      ['Node', (r) => r.node.name],
      ['Accelerator', (r) => r.node.accelerator],
      ['Spine', (r) => r.node.spine],
      ['Leaf', (r) => r.node.leaf],
      ['Condition', (r) => h('span', { class: `condition ${r.node.state}` }, condition(r.node))],
      ['Heartbeat', (r) => (r.node.heartbeatAgeMillis < 0 ? 'never' : `${(r.node.heartbeatAgeMillis / 1000).toFixed(1)}s ago`)],
      ['Devices busy / failed / all', (r) => `${r.busy} / ${r.failed} / ${r.node.devices}`],
      ['Utilization', (r) => `${Math.round(r.utilization * 100)}%`],
    ];
    if (admin) {
      columns.push(['Actions', (r) => ['cordon', 'drain', 'uncordon'].map((action) =>
        h('button', { type: 'button', 'data-action': action, onclick: () => act(section, r.node.name, action, admin) }, action))]);
    }
    section.replaceChildren(
      h('div', { class: 'toolbar' }, input,
        h('span', {}, rows.length > ROWS
          ? `${rows.length} nodes match; the first ${ROWS} shown (those needing attention first)`
          : `${rows.length} nodes`)),
      h('p', { id: 'nodes-error', role: 'alert' }),
      table(columns, rows.slice(0, ROWS), (r) => ({ 'data-node': r.node.name })),
    );
  }

  return { render };
})();
