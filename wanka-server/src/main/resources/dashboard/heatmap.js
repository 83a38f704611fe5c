// The cluster view: every device of the cluster (GET /api/v1/cluster/devices) on one canvas,
// grouped by spine, then leaf, then node, coloured by state or by a reading. A device is a cell of
// at least 2 px; when the cluster does not fit at that size (or on request) each leaf is one tile
// showing the shares of its devices' states, or their mean reading.
'use strict';

const Heatmap = (() => {
  const STATE_COLOURS = {
    idle: '#a8d5b0',
    reserved: '#7fd1d9',
    busy: '#2b59c3',
    draining: '#f29d38',
    cordoned: '#b39ddb',
    failed: '#d93025',
    down: '#4a4f5a',
  };
  const RAMP = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];
  const METRICS = {
    utilization: { field: 'utilization', unit: '%', scale: 100, min: () => 0, max: () => 1 },
    temperature: { field: 'temperatureCelsius', unit: '°C', scale: 1, min: () => 20, max: () => 95 },
    power: {
      field: 'powerWatts',
      unit: 'W',
      scale: 1,
      min: () => 0,
      max: (map) => map.powerWatts.reduce((a, b) => Math.max(a, b), 1),
    },
  };
  const NODE_COLUMNS = 4; // devices per row of a node's block
  const LEAF_COLUMNS = 4; // nodes per row of a leaf's box
  const LEAF_PAD = 3;
  const LEAF_GAP = 6;
  const SPINE_HEADER = 18;
  const SPINE_GAP = 10;
  const TILE = 22;
  const MAX_CELL = 12;
  const MIN_CELL = 2;
  const MAX_HEIGHT = 2400;

  /** Nodes passing the filters, grouped into spines of leaves, in spine, leaf, name order. */
  function group(map, filter) {
    const spines = new Map();
    map.nodes.forEach((node, index) => {
      if (filter.accelerator && node.accelerator !== filter.accelerator) return;
      if (filter.pool && node.pool !== filter.pool) return;
      if (!spines.has(node.spine)) spines.set(node.spine, new Map());
      const leaves = spines.get(node.spine);
      if (!leaves.has(node.leaf)) leaves.set(node.leaf, []);
      leaves.get(node.leaf).push(index);
    });
    const order = (a, b) => (a < 0) - (b < 0) || a - b; // not yet laid out (-1) last
    return [...spines.keys()].sort(order).map((spine) => ({
      spine,
      leaves: [...spines.get(spine).keys()].sort(order).map((leaf) => ({
        leaf,
        nodes: spines.get(spine).get(leaf),
      })),
    }));
  }

  function blockOf(devices, cell) {
    const columns = Math.min(NODE_COLUMNS, Math.max(1, devices));
    return { columns, w: columns * cell, h: Math.ceil(devices / columns) * cell };
  }

  /** Places boxes of the given sizes left to right under each spine's header, wrapping at width. */
  function flow(spines, width, sizeOf) {
    let y = 0;
    let right = 0;
    for (const spine of spines) {
      spine.y = y;
      y += SPINE_HEADER;
      let x = 0;
      let rowHeight = 0;
      for (const leaf of spine.leaves) {
        const size = sizeOf(leaf);
        if (x > 0 && x + size.w > width) {
          x = 0;
          y += rowHeight + LEAF_GAP;
          rowHeight = 0;
        }
        Object.assign(leaf, { x, y, w: size.w, h: size.h });
        x += size.w + LEAF_GAP;
        right = Math.max(right, x - LEAF_GAP);
        rowHeight = Math.max(rowHeight, size.h);
      }
      y += rowHeight + SPINE_GAP;
    }
    return { width: right, height: Math.max(0, y - SPINE_GAP) };
  }

  function layoutDevices(map, spines, width, cell) {
    const gap = cell >= 4 ? 2 : 1;
    const extent = flow(spines, width, (leaf) => {
      const widest = leaf.nodes.reduce((most, n) => Math.max(most, map.nodes[n].devices), 1);
      const block = blockOf(widest, cell);
      const columns = Math.min(LEAF_COLUMNS, leaf.nodes.length);
      const rows = Math.ceil(leaf.nodes.length / columns);
      leaf.block = block;
      leaf.columns = columns;
      leaf.gap = gap;
      return {
        w: 2 * LEAF_PAD + columns * (block.w + gap) - gap,
        h: 2 * LEAF_PAD + rows * (block.h + gap) - gap,
      };
    });
    return { mode: 'devices', cell, spines, ...extent };
  }

  function layoutLeaves(spines, width) {
    const extent = flow(spines, width, () => ({ w: TILE, h: TILE }));
    return { mode: 'leaves', cell: 0, spines, ...extent };
  }

  /**
   * Where everything goes: devices as large as fit the height at hand (up to MAX_CELL px); else as
   * large as fit MAX_HEIGHT, to scroll through; else (or on request) leaves as tiles.
   */
  function layout(map, filter, width, height, detail) {
    if (detail !== 'leaves') {
      let scrolled = null;
      for (let cell = MAX_CELL; cell >= MIN_CELL; cell--) {
        const candidate = layoutDevices(map, group(map, filter), width, cell);
        if (candidate.height <= height) return candidate;
        if (!scrolled && candidate.height <= MAX_HEIGHT) scrolled = candidate;
        if (cell === MIN_CELL && detail === 'devices') return scrolled || candidate;
      }
      if (scrolled) return scrolled;
    }
    return layoutLeaves(group(map, filter), width);
  }

  function rampColour(value) {
    const t = Math.min(1, Math.max(0, value)) * (RAMP.length - 1);
    const i = Math.min(RAMP.length - 2, Math.floor(t));
    const mix = (a, b) => Math.round(a + (b - a) * (t - i));
    const [a, b] = [RAMP[i], RAMP[i + 1]].map((hex) => [1, 3, 5].map((k) => parseInt(hex.substr(k, 2), 16)));
    return `rgb(${mix(a[0], b[0])},${mix(a[1], b[1])},${mix(a[2], b[2])})`;
  }

  /** The ramp's colour of a reading of the metric, its bounds taken once from the map. */
  function rampOf(map, colourBy) {
    const metric = METRICS[colourBy];
    const min = metric.min(map);
    const span = metric.max(map) - min;
    return (value) => rampColour((value - min) / span);
  }

  /** The colour of device d: its state's, or its reading's on the ramp. */
  function colourer(map, colourBy) {
    if (colourBy === 'state') {
      const byState = map.states.map((s) => STATE_COLOURS[s] || '#000');
      return (d) => byState[map.state[d]];
    }
    const values = map[METRICS[colourBy].field];
    const ramp = rampOf(map, colourBy);
    return (d) => ramp(values[d]);
  }

  /** The devices of a leaf's nodes, as indexes into the map's arrays. */
  function devicesOfLeaf(map, leaf) {
    return leaf.nodes.flatMap((n) =>
      Array.from({ length: map.nodes[n].devices }, (_, i) => map.nodes[n].firstDevice + i));
  }

  /** How many of the devices are in each state, in the order of map.states. */
  function stateCounts(map, devices) {
    const counts = map.states.map(() => 0);
    devices.forEach((d) => counts[map.state[d]]++);
    return counts;
  }

  function nodePosition(leaf, k) {
    const column = k % leaf.columns;
    const row = Math.floor(k / leaf.columns);
    return {
      x: leaf.x + LEAF_PAD + column * (leaf.block.w + leaf.gap),
      y: leaf.y + LEAF_PAD + row * (leaf.block.h + leaf.gap),
    };
  }

  function devicePosition(layout, leaf, k, local) {
    const at = nodePosition(leaf, k);
    return {
      x: at.x + (local % leaf.block.columns) * layout.cell,
      y: at.y + Math.floor(local / leaf.block.columns) * layout.cell,
    };
  }

  function spineLabel(spine) {
    return spine.spine < 0 ? 'not yet laid out' : `spine ${spine.spine}`;
  }

  function drawDevices(ctx, map, layout, colourOf) {
    const inset = layout.cell >= 5 ? 1 : 0;
    let drawn = 0;
    for (const spine of layout.spines) {
      for (const leaf of spine.leaves) {
        ctx.fillStyle = '#eef1f5';
        ctx.fillRect(leaf.x, leaf.y, leaf.w, leaf.h);
        leaf.nodes.forEach((n, k) => {
          const node = map.nodes[n];
          for (let local = 0; local < node.devices; local++) {
            const at = devicePosition(layout, leaf, k, local);
            ctx.fillStyle = colourOf(node.firstDevice + local);
            ctx.fillRect(at.x, at.y, layout.cell - inset, layout.cell - inset);
          }
          drawn += node.devices;
        });
      }
    }
    return drawn;
  }

  function drawLeaves(ctx, map, layout, colourBy) {
    const ramp = colourBy === 'state' ? null : rampOf(map, colourBy);
    let drawn = 0;
    for (const spine of layout.spines) {
      for (const leaf of spine.leaves) {
        const devices = devicesOfLeaf(map, leaf);
        drawn += devices.length;
        if (colourBy === 'state') {
          // bands, one per state, as tall as its share of the leaf's devices
          let y = leaf.y;
          stateCounts(map, devices).forEach((count, s) => {
            const h = (count / Math.max(1, devices.length)) * TILE;
            ctx.fillStyle = STATE_COLOURS[map.states[s]];
            ctx.fillRect(leaf.x, y, TILE, h);
            y += h;
          });
        } else {
          const values = map[METRICS[colourBy].field];
          const mean = devices.reduce((sum, d) => sum + values[d], 0) / Math.max(1, devices.length);
          ctx.fillStyle = ramp(mean);
          ctx.fillRect(leaf.x, leaf.y, TILE, TILE);
        }
      }
    }
    return drawn;
  }

  /** Draws the map; returns what was drawn, for hit tests and the page's summary. */
  function draw(canvas, map, options) {
    const width = Math.max(200, options.width);
    const plan = layout(map, options.filter, width, Math.max(300, options.height), options.detail);
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.ceil(plan.width * ratio);
    canvas.height = Math.ceil(plan.height * ratio);
    canvas.style.width = `${plan.width}px`;
    canvas.style.height = `${plan.height}px`;
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, plan.width, plan.height);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    for (const spine of plan.spines) {
      ctx.fillStyle = '#5b6577';
      ctx.fillText(`${spineLabel(spine)} · ${spine.leaves.length} leaves`, 0, spine.y + 3);
    }
    const drawn = plan.mode === 'devices'
      ? drawDevices(ctx, map, plan, colourer(map, options.colourBy))
      : drawLeaves(ctx, map, plan, options.colourBy);
    canvas.dataset.devices = String(drawn);
    canvas.dataset.mode = plan.mode;
    return { ...plan, drawn, map, ratio };
  }

  function leafAt(plan, x, y) {
    for (const spine of plan.spines) {
      for (const leaf of spine.leaves) {
        if (x >= leaf.x && x < leaf.x + leaf.w && y >= leaf.y && y < leaf.y + leaf.h) {
          return { spine, leaf };
        }
      }
    }
    return null;
  }

  function describe(map, d) {
    const metric = (name) => {
      const m = METRICS[name];
      return `${(map[m.field][d] * m.scale).toFixed(0)} ${m.unit}`;
    };
    return `${map.states[map.state[d]]} · ${metric('utilization')} busy · `
      + `${metric('temperature')} · ${metric('power')}`;
  }

  /** What is under (x, y) in CSS pixels of the canvas, as lines of text; null over nothing. */
  function hit(plan, x, y) {
    const found = leafAt(plan, x, y);
    if (!found) return null;
    const { spine, leaf } = found;
    const map = plan.map;
    const where = `${spineLabel(spine)}, leaf ${leaf.leaf < 0 ? '-' : leaf.leaf}`;
    if (plan.mode === 'leaves') {
      const shares = stateCounts(map, devicesOfLeaf(map, leaf))
        .map((count, s) => (count ? `${count} ${map.states[s]}` : ''))
        .filter(Boolean)
        .join(', ');
      return `${where}\n${leaf.nodes.length} nodes: ${shares}`;
    }
    for (let k = 0; k < leaf.nodes.length; k++) {
      const at = nodePosition(leaf, k);
      const node = map.nodes[leaf.nodes[k]];
      const block = blockOf(node.devices, plan.cell);
      if (x >= at.x && x < at.x + block.w && y >= at.y && y < at.y + block.h) {
        const local = Math.floor((y - at.y) / plan.cell) * block.columns
          + Math.floor((x - at.x) / plan.cell);
        if (local >= node.devices) return null;
        const flags = [node.state, node.draining ? 'draining' : node.cordoned ? 'cordoned' : '']
          .filter(Boolean).join(', ');
        return `${node.name} · device ${local} (${node.accelerator})\n${where} · ${flags}\n`
          + describe(map, node.firstDevice + local);
      }
    }
    return null;
  }

  /** The colour drawn at the centre of a node's device, as #rrggbb; null when not drawn as a cell. */
  function colourOfDevice(canvas, plan, nodeName, local) {
    if (plan.mode !== 'devices') return null;
    for (const spine of plan.spines) {
      for (const leaf of spine.leaves) {
        const k = leaf.nodes.findIndex((n) => plan.map.nodes[n].name === nodeName);
        if (k < 0) continue;
        const at = devicePosition(plan, leaf, k, local);
        const half = plan.cell / 2;
        const pixel = canvas.getContext('2d').getImageData(
          Math.floor((at.x + half) * plan.ratio), Math.floor((at.y + half) * plan.ratio), 1, 1).data;
        return `#${[pixel[0], pixel[1], pixel[2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
      }
    }
    return null;
  }

  /** The legend for a colouring, as elements. */
  function legend(map, colourBy) {
    const { h } = Dom;
    if (colourBy === 'state') {
      return map.states.map((s) =>
        h('span', {}, h('span', { class: 'swatch', style: `background:${STATE_COLOURS[s]}` }), s));
    }
    const metric = METRICS[colourBy];
    const end = (v) => `${(v * metric.scale).toFixed(0)} ${metric.unit}`;
    return [h('span', {}, end(metric.min(map)),
      h('span', { class: 'ramp', style: `background:linear-gradient(to right,${RAMP.join(',')})` }),
      end(metric.max(map)))];
  }

  return { draw, hit, legend, colourOfDevice, STATE_COLOURS };
})();
