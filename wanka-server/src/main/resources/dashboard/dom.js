// Small helpers to build the pages' elements. Text from the API always goes in as text nodes,
// never as HTML.
'use strict';

const Dom = (() => {
  /** An element with attributes (on* are listeners) and children (strings become text). */
  function h(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
      else element.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  /** A table of rows; columns are [heading, row => cell content]. */
  function table(columns, rows, rowAttributes) {
    return h('table', {},
      h('thead', {}, h('tr', {}, columns.map(([heading]) => h('th', {}, heading)))),
      h('tbody', {}, rows.map((row) => h('tr', rowAttributes ? rowAttributes(row) : {},
        columns.map(([, cell]) => h('td', {}, cell(row)))))));
  }

  /** "3s", "5m", "2h", "4d": how long ago epoch millisecond t was. */
  function age(t) {
    if (!t) return '-';
    const s = Math.max(0, Math.round((Date.now() - t) / 1000));
    if (s < 120) return `${s}s`;
    if (s < 7200) return `${Math.round(s / 60)}m`;
    if (s < 172800) return `${Math.round(s / 3600)}h`;
    return `${Math.round(s / 86400)}d`;
  }

  function time(t) {
    return t ? new Date(t).toLocaleString('en-GB') : '-';
  }

  return { h, table, age, time };
})();
