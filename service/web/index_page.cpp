// The page's HTML and script: it reads the JSON API, shows a run's live state, settings and
// error, and draws its convergence with Chart.js; it refreshes every 10 s without a reload.
#include "service/web/index_page.h"

#include "service/web/chart_library.h"

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
  .muted { color: #777; }
  #live p, #live pre { overflow-wrap: anywhere; white-space: pre-wrap; }
  .charts { display: flex; flex-wrap: wrap; gap: 1em; }
  .chart { position: relative; width: 560px; height: 320px; }
</style>
<script src=")html" + std::string(chart_library_url) +
                                  R"html("></script>
</head>
<body>
<h1>kshrink</h1>
<p class="muted">Runs on this server. Select a run for its convergence and accepted removals.</p>
<table id="runs"><thead><tr><th>run</th><th>state</th><th>checks</th><th>start</th>
<th>best</th><th>saved</th><th>updated</th></tr></thead><tbody></tbody></table>
<div id="detail"></div>
<script>
const params = new URLSearchParams(location.search);
if (params.get('token')) localStorage.setItem('kshrink-token', params.get('token'));
const token = localStorage.getItem('kshrink-token');
const get = path => fetch(path, token ? {headers: {Authorization: 'Bearer ' + token}} : {})
  .then(r => r.ok ? r.json() : Promise.reject(r.status));
const text = s => document.createTextNode(String(s));
function cell(row, value, numeric, title) {
  const td = row.insertCell(); td.appendChild(value instanceof Node ? value : text(value));
  if (numeric) td.className = 'n';
  if (title) td.title = title;
}
// Sizes and shares as the CLI prints them (util/human_units): 1.17 MiB, 24.2%.
function size(bytes) {
  if (!bytes) return bytes === 0 ? '0 B' : '';
  const units = [[1024 ** 3, ' GiB', 2], [1024 ** 2, ' MiB', 2], [1024, ' KiB', 1]];
  for (const [unit, name, digits] of units)
    if (bytes >= unit) return (bytes / unit).toFixed(digits) + name;
  return bytes + ' B';
}
function saved(start, best) { return start ? (100 * (start - best) / start).toFixed(1) + '%' : ''; }
// "1h05m", "10m", "42s": a time for people, without parts that are zero.
function duration(s) {
  s = Math.round(s);
  const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
  const two = n => String(n).padStart(2, '0');
  if (h) return h + 'h' + (m ? two(m) + 'm' : '');
  if (m) return m + 'm' + (sec ? two(sec) + 's' : '');
  return sec + 's';
}
// The trials a build was spent on, by what became of them, drawn as points: accepted ones
// solid on the best line, the others faint.
const kinds = [
  {label: 'accepted', test: t => t.accepted, color: 'rgb(5, 80, 174)', radius: 5},
  {label: 'passed, not kept', test: t => !t.accepted && t.verdict === 'pass',
   color: 'rgba(40, 140, 60, 0.45)', radius: 4},
  {label: 'too big', test: t => t.verdict === 'too_big', color: 'rgba(230, 140, 20, 0.4)', radius: 4},
  {label: 'failed', test: t => !t.accepted && t.verdict !== 'pass' && t.verdict !== 'too_big',
   color: 'rgba(200, 30, 30, 0.35)', radius: 4, style: 'crossRot'},
];
let charts = [];
// A round step for a size axis from `low` to `high` bytes, in the unit its labels use (KiB
// below 1 MiB, MiB above: 1, 2 or 5 times a power of ten of it, as few as 0.01 MiB), so that
// there are at most 8 ticks and each label is exact.
function sizeStep(low, high) {
  const unit = high >= 1024 * 1024 ? 1024 * 1024 : 1024;
  for (let step = unit === 1024 ? 1 : 0.01; ; step *= 10)
    for (const m of [1, 2, 5])
      if ((high - low) / (step * m * unit) <= 8) return step * m * unit;
}
// A round step for a time axis up to `seconds`: a minute, 2, 5, 10, 15, 30 or an hour's
// multiple, so that there are at most 8 ticks.
function timeStep(seconds) {
  for (const step of [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200])
    if (seconds / step <= 8) return step;
  return 86400 * Math.ceil(seconds / 86400 / 8);
}
// Best bytes against builds or time (axis 'builds' or 'seconds'): the best as a step line
// from the start to now (the run's accepted steps, cache hits included), every built trial as
// a point, the budget's end as a dashed line.
function drawChart(canvas, run, data, axis, now) {
  const built = data.trials; // fetched with built=1: the trials a build was spent on
  const line = [{x: 0, y: run.start_bytes}]
    .concat(run.history.map(p => ({x: p[axis], y: p.bytes})));
  const bestAt = x => line.filter(p => p.x <= x).pop().y;
  const points = kinds.map(() => []);
  for (const t of built) { // a failed build has no size: it is drawn on the best line of its time
    const y = t.bytes > 0 ? t.bytes : bestAt(t[axis]);
    points[kinds.findIndex(k => k.test(t))].push({x: t[axis], y: y});
  }
  const end = data.budget[axis];
  const last = Math.max(now, ...line.map(p => p.x), ...built.map(t => t[axis]));
  line.push({x: last, y: line[line.length - 1].y});
  const ys = line.map(p => p.y).concat(built.filter(t => t.bytes > 0).map(t => t.bytes));
  const ystep = sizeStep(Math.min(...ys), Math.max(...ys));
  const low = ystep * Math.floor(Math.min(...ys) / ystep);
  const high = ystep * (Math.floor(Math.max(...ys) / ystep) + 1); // room above the start
  const datasets = [{type: 'line', label: 'best', data: line, stepped: 'before',
                     borderColor: 'rgb(5, 80, 174)', borderWidth: 2, pointRadius: 0}];
  kinds.forEach((k, i) => datasets.push({type: 'scatter', label: k.label, data: points[i],
    backgroundColor: k.color, borderColor: k.color, pointRadius: k.radius,
    pointStyle: k.style || 'circle'}));
  if (end !== null)
    datasets.push({type: 'line', label: 'budget end', data: [{x: end, y: low}, {x: end, y: high}],
                   borderColor: 'rgb(120, 120, 120)', borderDash: [6, 4], borderWidth: 1.5,
                   pointRadius: 0});
  const right = Math.max(last, end || 0, 1), step = timeStep(right);
  const chart = new Chart(canvas, {
    data: {datasets: datasets},
    options: {
      animation: false, maintainAspectRatio: false, parsing: false,
      scales: {
        x: {type: 'linear', min: 0, max: axis === 'builds' ? right : step * Math.ceil(right / step),
            title: {display: true, text: axis === 'builds' ? 'builds' : 'time (of the budget)'},
            ticks: axis === 'builds' ? {precision: 0} : {stepSize: step, callback: v => duration(v)}},
        y: {type: 'linear', min: low, max: high, title: {display: true, text: 'bzImage'},
            ticks: {stepSize: ystep, callback: v => size(v)}},
      },
      plugins: {tooltip: {callbacks: {label: c => c.dataset.label + ': ' + size(c.parsed.y) +
        ' after ' + (axis === 'builds' ? c.parsed.x + ' builds' : duration(c.parsed.x))}}},
    },
  });
  charts.push(chart);
  // What was drawn, for tests that read the DOM: the points and both axes' tick labels.
  canvas.dataset.points = built.length;
  canvas.dataset.xTicks = chart.scales.x.ticks.map(t => t.label).join(' | ');
  canvas.dataset.yTicks = chart.scales.y.ticks.map(t => t.label).join(' | ');
}
// The charts, drawn into `parent` (Chart.js lays a chart out once its canvas is in the page).
function addCharts(parent, run, data) {
  const box = document.createElement('div'); box.className = 'charts'; box.id = 'charts';
  parent.appendChild(box);
  if (!window.Chart) {
    box.textContent = 'Charts need Debian\'s libjs-chart.js on the daemon\'s machine.';
    return;
  }
  // Where the run is now: a running run's budget spent so far, from its ETA when it has one.
  const live = run.live;
  for (const axis of ['builds', 'seconds']) {
    let now = data.spent[axis];
    if (axis === 'seconds' && live && live.eta_seconds !== null && data.budget.seconds !== null)
      now = Math.max(now, data.budget.seconds - live.eta_seconds);
    const holder = document.createElement('div'); holder.className = 'chart';
    const canvas = document.createElement('canvas'); canvas.id = 'chart-' + axis;
    holder.appendChild(canvas); box.appendChild(holder);
    drawChart(canvas, run, data, axis, now);
  }
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
  const path = '/api/runs/' + id;
  Promise.all([get(path), get(path + '/report'), get(path + '/trials?built=1')]).then(([run, report, data]) => {
    const detail = document.getElementById('detail');
    charts.forEach(c => c.destroy()); charts = [];
    detail.replaceChildren();
    const h2 = document.createElement('h2');
    h2.textContent = 'Run ' + run.id + ': ' + run.state + ', ' + size(run.best_bytes) + ' (' +
                     saved(run.start_bytes, run.best_bytes) + ' saved)';
    detail.appendChild(h2);
    detail.appendChild(liveState(run));
    addCharts(detail, run, data);
    const table = document.createElement('table'); table.id = 'removals';
    table.createTHead().insertRow().innerHTML =
      '<th>removed</th><th>saved</th><th>after</th><th>builds</th>';
    const body = table.createTBody();
    for (const r of report.removals) {
      const row = body.insertRow();
      cell(row, r.mutations.map(m => m.symbol + (m.value === 'n' ? '' : '=' + m.value)).join(' '));
      cell(row, size(r.bytes_saved), true, r.bytes_saved + ' bytes');
      cell(row, size(r.bytes), true, r.bytes + ' bytes'); cell(row, r.builds, true);
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
      cell(row, size(run.start_bytes), true, run.start_bytes + ' bytes');
      cell(row, size(run.best_bytes), true, run.best_bytes + ' bytes');
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
