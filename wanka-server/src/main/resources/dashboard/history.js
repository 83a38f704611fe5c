// The cluster over time (GET /api/v1/cluster/history): utilization, the queue, failures and
// power with the energy it adds up to, over the last hour to week. Drawn with uPlot (vendored:
// vendor/README.md).
'use strict';

const HistoryPage = (() => {
  const { h } = Dom;
  const RANGES = [[1, 'last hour'], [6, 'last 6 hours'], [24, 'last day'], [168, 'last week']];
  const COLOURS = ['#2b59c3', '#1e7d32', '#f29d38', '#d93025', '#7b4fb5'];

  /** Energy in kWh over the points: power integrated between neighbouring samples. */
  function energyKwh(points) {
    let joules = 0;
    for (let i = 1; i < points.length; i++) {
      const seconds = (points[i].atMillis - points[i - 1].atMillis) / 1000;
      joules += seconds * (points[i].powerWatts + points[i - 1].powerWatts) / 2;
    }
    return joules / 3.6e6;
  }

  /** Failed jobs per sample: the growth of the failed total since the previous one. */
  function jobsFailed(points) {
    return points.map((p, i) => (i === 0 ? 0 : Math.max(0, p.jobsFailedTotal - points[i - 1].jobsFailedTotal)));
  }

  function chart(target, title, times, series, width) {
    const box = h('div', { class: 'chart', 'data-chart': title });
    target.append(box);
    // eslint-disable-next-line no-new
    new uPlot({
      title,
      width,
      height: 220,
      scales: { x: { time: true } },
      series: [{}, ...series.map(([label, , unit], i) => ({
        label,
        stroke: COLOURS[i % COLOURS.length],
        width: 1.5,
        value: (u, v) => (v === null || v === undefined ? '-' : `${+v.toFixed(2)}${unit}`),
      }))],
      axes: [{}, { size: 60 }],
    }, [times, ...series.map(([, values]) => values)], box);
  }

  async function render(section) {
    const select = section.querySelector('#history-range');
    const hours = select ? Number(select.value) : 6;
    const points = await WankaApi.get(`/api/v1/cluster/history?hours=${hours}`);
    // Redrawn only when a sample came (every 30 s by default), so a zoom lasts until then.
    const key = `${hours}:${points.length}:${points.length ? points[points.length - 1].atMillis : 0}`;
    if (section.dataset.shown === key) return;
    section.dataset.shown = key;
    const range = h('select', { id: 'history-range', onchange: () => render(section) },
      RANGES.map(([value, label]) => h('option', { value, selected: value === hours }, label)));
    const charts = h('div', { id: 'charts' });
    section.replaceChildren(
      h('div', { class: 'toolbar' }, h('label', {}, 'Over the ', range),
        h('span', { id: 'history-summary' }, points.length < 2
          ? 'The server samples the cluster every 30 s (--history-interval); the charts need two samples.'
          : `${points.length} samples · energy ${energyKwh(points).toFixed(1)} kWh`)),
      charts,
    );
    if (points.length < 2) return;
    const times = points.map((p) => p.atMillis / 1000);
    const width = Math.max(400, Math.min(1200, section.clientWidth - 20));
    const share = (f) => points.map((p) => (p.devices ? (100 * f(p)) / p.devices : 0));
    chart(charts, 'Utilization', times, [
      ['mean utilization', points.map((p) => 100 * p.utilization), '%'],
      ['devices busy', share((p) => p.devicesBusy), '%'],
    ], width);
    chart(charts, 'Queue', times, [
      ['pending', points.map((p) => p.jobsPending), ''],
      ['running', points.map((p) => p.jobsRunning), ''],
      ['interrupted', points.map((p) => p.jobsInterrupted), ''],
    ], width);
    chart(charts, 'Failures', times, [
      ['devices failed', points.map((p) => p.devicesFailed), ''],
      ['nodes NotReady', points.map((p) => p.nodesNotReady), ''],
      ['jobs failed', jobsFailed(points), ''],
    ], width);
    chart(charts, 'Power and energy', times, [
      ['power', points.map((p) => p.powerWatts / 1000), ' kW'],
    ], width);
  }

  return { render };
})();
