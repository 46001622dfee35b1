// The dot4 daemon's status page: asks api/status every second and redraws the tables and graphs from it.
// Every value from the daemon goes into the page as text (textContent, attributes), never as HTML.
'use strict';

const REFRESH_MS = 1000;
const SVG = 'http://www.w3.org/2000/svg';

/** An element with attributes and children (strings become text). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** Exact byte counts, grouped: 1,234,567. */
function bytes(n) {
  return Number(n).toLocaleString('en-US');
}

/** A rate for people: 0 B/s, 12.3 kB/s, 4.56 MB/s. */
function rate(bytesPerPeriod, periodMs) {
  const perSecond = bytesPerPeriod * 1000 / (periodMs || 1000);
  if (perSecond < 1000) return Math.round(perSecond) + ' B/s';
  if (perSecond < 1e6) return (perSecond / 1e3).toFixed(1) + ' kB/s';
  return (perSecond / 1e6).toFixed(2) + ' MB/s';
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString('en-GB') : '';
}

function last(values) {
  return values.length ? values[values.length - 1] : 0;
}

/**
 * A line graph of a rate history: sent (to the device) and received, newest at the right edge, the scale
 * set by the highest sample. Slots for the whole capacity, so a new channel's line starts part way along.
 */
function graph(history, width, height, labels) {
  const g = svg('svg', {class: 'graph', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img'});
  const slots = Math.max(history.capacity || 300, 2);
  const peak = Math.max(1, ...history.sent, ...history.received);
  const top = labels ? 12 : 2;
  for (const [name, values] of [['sent', history.sent], ['received', history.received]]) {
    const start = slots - values.length;
    const points = values.map((v, i) => {
      const x = (start + i) * (width - 1) / (slots - 1);
      const y = height - 1 - v * (height - top - 2) / peak;
      return x.toFixed(1) + ',' + y.toFixed(1);
    });
    if (points.length === 1) points.push(points[0]);
    g.append(svg('polyline', {class: name, points: points.join(' ')}));
  }
  const title = svg('title', {});
  title.textContent = `peak ${rate(peak, history.periodMs)} over the last ${Math.round(slots * history.periodMs / 60000)} min`;
  g.append(title);
  if (labels) {
    const t = svg('text', {x: 4, y: 10});
    t.textContent = 'peak ' + rate(peak, history.periodMs);
    g.append(t);
  }
  return g;
}

function rows(tbody, items, columns, empty, rowAttrs) {
  const trs = items.map(item => el('tr', rowAttrs ? rowAttrs(item) : {},
      ...columns.map(([cls, value]) => {
        const v = value(item);
        return el('td', {class: cls}, v);
      })));
  if (!trs.length) trs.push(el('tr', {}, el('td', {class: 'empty', colspan: columns.length}, empty)));
  tbody.replaceChildren(...trs);
}

function printer(p) {
  if (!p) return null;
  const box = el('div', {class: 'printer'});
  if (p.state) {
    box.append(el('div', {}, 'Printer: ', el('strong', {}, p.state), p.error > 0 ? ` (error 0x${p.error.toString(16)})` : '',
        el('span', {class: 'muted'}, ` as of ${time(p.checked)}`)));
    const inks = el('div', {class: 'inks'});
    for (const ink of p.inks || []) {
      inks.append(el('span', {class: 'ink', 'data-ink': ink.colour},
          ink.colour + ' ', el('meter', {min: 0, max: 100, value: ink.level}), ` ${ink.level}%`));
    }
    box.append(inks);
  }
  if (p.hp) {
    box.append(el('div', {class: 'hp'}, 'HP status: device ', el('strong', {}, p.hp.device), ', printer ',
        el('strong', {}, p.hp.printer)));
  }
  if (p.problem) {
    box.append(el('div', {class: 'muted'}, 'Printer status: ' + p.problem));
  }
  return box;
}

function device(d) {
  const h = d.history;
  const facts = el('dl', {},
      el('dt', {}, 'Link'), el('dd', {}, d.uri),
      el('dt', {}, d.up ? 'Up since' : 'Down since'), el('dd', {}, time(d.since)));
  if (d.up) {
    facts.append(el('dt', {}, 'Revision'), el('dd', {}, '0x' + d.revision.toString(16).padStart(2, '0')));
  } else {
    facts.append(el('dt', {}, 'Why'), el('dd', {class: 'reason'}, d.reason),
        el('dt', {}, 'Attempts'), el('dd', {}, `${d.failedAttempts} failed` + (d.nextAttempt ? `, next at ${time(d.nextAttempt)}` : '')));
  }
  facts.append(el('dt', {}, 'Reconnects'), el('dd', {}, d.reconnects),
      el('dt', {}, 'Bytes'), el('dd', {}, `${bytes(d.bytesSent)} sent, ${bytes(d.bytesReceived)} received`),
      el('dt', {}, 'Now'), el('dd', {class: 'legend'},
          el('span', {class: 'sent'}, '\u2191 ' + rate(last(h.sent), h.periodMs)), ' ',
          el('span', {class: 'received'}, '\u2193 ' + rate(last(h.received), h.periodMs))));
  if (d.deviceId) facts.append(el('dt', {}, 'Device id'), el('dd', {}, d.deviceId));
  return el('article', {class: 'device', 'data-device': d.name},
      el('h3', {}, d.name, el('span', {class: 'badge ' + (d.up ? 'up' : 'down')}, d.up ? 'UP' : 'DOWN')),
      facts, printer(d.printer), graph(h, 400, 80, true));
}

function render(s) {
  document.getElementById('devices').replaceChildren(...s.devices.map(device));
  rows(document.querySelector('#channels tbody'), s.channels, [
    ['', c => c.device],
    ['', c => c.owner || '(unclaimed)'],
    ['', c => c.key],
    ['', c => c.mode],
    ['', c => c.state],
    ['num', c => `${c.sendCredit} / ${c.grantedToPeer}`],
    ['num sent', c => bytes(c.bytesSent)],
    ['num received', c => bytes(c.bytesReceived)],
    ['num', c => bytes(c.queuedToSend)],
    ['num', c => bytes(c.bufferedReceived)],
    ['num legend', c => el('span', {}, el('span', {class: 'sent'}, '\u2191 ' + rate(last(c.history.sent), c.history.periodMs)),
        ' ', el('span', {class: 'received'}, '\u2193 ' + rate(last(c.history.received), c.history.periodMs)))],
    ['', c => graph(c.history, 160, 24, false)],
  ], 'no channel is open', c => ({'data-channel': `${c.device}/${c.id}`}));
  rows(document.querySelector('#ports tbody'), s.ports, [
    ['', p => '127.0.0.1:' + p.port],
    ['', p => p.spec],
    ['num', p => p.connections],
    ['', p => p.state],
  ], 'no service ports are configured');
  rows(document.querySelector('#proxies tbody'), s.proxies, [
    ['', p => p.device],
    ['', p => p.address],
    ['', p => p.programs.length ? p.programs.join('; ') : 'no program connected'],
  ], 'no proxy is configured');
  rows(document.querySelector('#clients tbody'), s.clients, [
    ['', c => c.name],
    ['num', c => c.channels],
    ['num', c => bytes(c.bufferedBytes)],
    ['num', c => c.requestsRunning],
  ], 'no program is connected to the control socket');
  rows(document.querySelector('#jobs tbody'), s.jobs, [
    ['', j => time(j.started)],
    ['', j => j.port],
    ['', j => j.client],
    ['num', j => bytes(j.bytesToDevice)],
    ['num', j => bytes(j.bytesFromDevice)],
    ['num', j => (j.durationMs / 1000).toFixed(1) + ' s'],
    ['', j => el('span', {class: 'outcome-' + j.outcome}, j.outcome)],
    ['', j => j.reason],
  ], 'no job has ended on a service port yet');
  document.getElementById('updated').textContent = `updated ${time(s.time)} \u00b7 control socket ${s.controlSocket}`;
}

async function refresh() {
  const problem = document.getElementById('problem');
  try {
    const response = await fetch('api/status', {cache: 'no-store'});
    if (!response.ok) throw new Error(`api/status answered ${response.status}`);
    render(await response.json());
    problem.hidden = true;
  } catch (e) {
    problem.textContent = `The daemon does not answer (${e.message}); the figures below are from the last answer.`;
    problem.hidden = false;
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

refresh();
