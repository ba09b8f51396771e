// The page's HTML and script: it reads the JSON API, shows a run's live state, settings and
// error, and draws the chart as SVG; it refreshes every 10 s without a reload.
#include "service/web/index_page.h"

namespace kshrink::service::web {

const std::string& index_page() {
  static const std::string page = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>kshrink</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 2em; color: #222; }
  table { border-collapse: collapse; margin: 1em 0; }
  td, th { padding: 4px 10px; border-bottom: 1px solid #ddd; text-align: left; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
  a { color: #0550ae; }
  #chart circle { fill: #0550ae; }
  #chart polyline { fill: none; stroke: #0550ae; stroke-width: 2; }
  .muted { color: #777; }
</style>
</head>
<body>
<h1>kshrink</h1>
<p class="muted">Runs on this server. Select a run for its convergence and accepted removals.</p>
<table id="runs"><thead><tr><th>run</th><th>state</th><th>checks</th><th>start bytes</th>
<th>best bytes</th><th>saved</th><th>updated</th></tr></thead><tbody></tbody></table>
<div id="detail"></div>
<script>
const params = new URLSearchParams(location.search);
if (params.get('token')) localStorage.setItem('kshrink-token', params.get('token'));
const token = localStorage.getItem('kshrink-token');
const get = path => fetch(path, token ? {headers: {Authorization: 'Bearer ' + token}} : {})
  .then(r => r.ok ? r.json() : Promise.reject(r.status));
const text = s => document.createTextNode(String(s));
function cell(row, value, numeric) {
  const td = row.insertCell(); td.appendChild(value instanceof Node ? value : text(value));
  if (numeric) td.className = 'n';
}
function saved(start, best) { return start ? (100 * (start - best) / start).toFixed(1) + '%' : ''; }
function drawChart(run) {
  const points = [{builds: 0, bytes: run.start_bytes}].concat(run.history)
    .filter(p => p.bytes > 0);
  const w = 640, h = 280, pad = 50;
  const maxX = Math.max(1, ...points.map(p => p.builds));
  const ys = points.map(p => p.bytes), minY = Math.min(...ys), maxY = Math.max(...ys);
  const x = b => pad + (w - 2 * pad) * b / maxX;
  const y = v => h - pad - (h - 2 * pad) * (maxY === minY ? 0.5 : (v - minY) / (maxY - minY));
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('id', 'chart'); svg.setAttribute('width', w); svg.setAttribute('height', h);
  const line = document.createElementNS(ns, 'polyline');
  line.setAttribute('points', points.map(p => x(p.builds) + ',' + y(p.bytes)).join(' '));
  svg.appendChild(line);
  for (const p of points) {
    const c = document.createElementNS(ns, 'circle');
    c.setAttribute('cx', x(p.builds)); c.setAttribute('cy', y(p.bytes)); c.setAttribute('r', 4);
    const title = document.createElementNS(ns, 'title');
    title.textContent = p.bytes + ' bytes after ' + p.builds + ' builds';
    c.appendChild(title); svg.appendChild(c);
  }
  for (const [label, px, py] of [['builds', w / 2, h - 10], [maxY + ' bytes', 5, pad - 10],
                                 [minY + ' bytes', 5, h - pad + 20]]) {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', px); t.setAttribute('y', py); t.textContent = label; svg.appendChild(t);
  }
  return svg;
}
function duration(s) {
  s = Math.round(s);
  return s >= 3600 ? Math.floor(s / 3600) + 'h' + String(Math.floor(s / 60) % 60).padStart(2, '0') + 'm'
       : s >= 60 ? Math.floor(s / 60) + 'm' + String(s % 60).padStart(2, '0') + 's' : s + 's';
}
// What the run is doing now, its error if it failed, and its settings.
function liveState(run) {
  const box = document.createElement('div'); box.id = 'live';
  const line = (label, value) => {
    const p = document.createElement('p');
    const b = document.createElement('b'); b.textContent = label + ': ';
    p.appendChild(b); p.appendChild(text(value)); box.appendChild(p);
  };
  const live = run.live;
  if (live) {
    line('phase', live.phase + (live.planned ? ' (' + live.position + '/' + live.planned + ')' : ''));
    line('elapsed', duration(live.elapsed_seconds) + (live.eta_seconds === null ? ''
         : ', ETA ' + duration(live.eta_seconds) + ' to the end of the budget'));
    if (live.candidate) line('trying', live.candidate);
    if (live.last_trial) line('last', live.last_trial);
  }
  line('builds', Object.entries(run.builds || {}).map(([v, n]) => v + '=' + n).join(' ') || 'none');
  if (run.error) line('error', run.error);
  line('settings', Object.entries(run.settings || {}).map(([k, v]) => k + '=' + v).join(', '));
  if (live && run.log_tail) {
    const pre = document.createElement('pre'); pre.textContent = run.log_tail; box.appendChild(pre);
  }
  return box;
}
function showRun(id) {
  Promise.all([get('/api/runs/' + id), get('/api/runs/' + id + '/report')]).then(([run, report]) => {
    const detail = document.getElementById('detail');
    detail.replaceChildren();
    const h2 = document.createElement('h2');
    h2.textContent = 'Run ' + run.id + ': ' + run.state + ', ' + run.best_bytes + ' bytes (' +
                     saved(run.start_bytes, run.best_bytes) + ' saved)';
    detail.appendChild(h2);
    detail.appendChild(liveState(run));
    detail.appendChild(drawChart(run));
    const table = document.createElement('table'); table.id = 'removals';
    table.createTHead().insertRow().innerHTML =
      '<th>removed</th><th>bytes saved</th><th>bytes after</th><th>builds</th>';
    const body = table.createTBody();
    for (const r of report.removals) {
      const row = body.insertRow();
      cell(row, r.mutations.map(m => m.symbol + (m.value === 'n' ? '' : '=' + m.value)).join(' '));
      cell(row, r.bytes_saved, true); cell(row, r.bytes, true); cell(row, r.builds, true);
    }
    detail.appendChild(table);
  }).catch(status => {
    document.getElementById('detail').textContent = 'cannot load run ' + id + ' (' + status + ')';
  });
}
function refresh() {
  get('/api/runs').then(data => {
    const body = document.querySelector('#runs tbody');
    body.replaceChildren();
    for (const run of data.runs) {
      const row = body.insertRow();
      const link = document.createElement('a');
      link.href = '?run=' + run.id; link.textContent = run.id;
      cell(row, link); cell(row, run.state); cell(row, run.checks);
      cell(row, run.start_bytes, true); cell(row, run.best_bytes, true);
      cell(row, saved(run.start_bytes, run.best_bytes), true); cell(row, run.updated_at);
    }
  });
  if (params.get('run')) showRun(params.get('run'));
}
refresh();
setInterval(refresh, 10000);
</script>
</body>
</html>
)html";
  return page;
}

} // namespace kshrink::service::web
