// The dashboard: polls the agent's JSON API and draws it. Every value is set as text (never as HTML),
// since site names, thread names and culprits come from the application.
(function () {
  'use strict';
  var API = '/v1/memory';
  var MB = 1024 * 1024;
  var charts = {};

  function get(path) {
    return fetch(API + path, { headers: { Accept: 'application/json' } }).then(function (r) {
      if (!r.ok) {
        return r.json().catch(function () { return {}; }).then(function (b) {
          throw new Error(path + ': ' + r.status + ' ' + (b.error || r.statusText));
        });
      }
      return r.json();
    });
  }

  function fmtBytes(n) {
    if (n === null || n === undefined) { return '-'; }
    var u = ['B', 'KB', 'MB', 'GB', 'TB'];
    var i = 0;
    var v = Math.abs(n);
    while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
    return (n < 0 ? '-' : '') + v.toFixed(i === 0 ? 0 : 1) + ' ' + u[i];
  }

  function perSecond(n) {
    return n === null || n === undefined ? '-' : fmtBytes(n) + '/s';
  }

  function fmtNum(n, digits) {
    return n === null || n === undefined ? '-' : Number(n).toFixed(digits === undefined ? 0 : digits);
  }

  function fmtDuration(ms) {
    var s = Math.floor(ms / 1000);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return (h ? h + 'h ' : '') + (h || m ? m + 'm ' : '') + (s % 60) + 's';
  }

  // rows: arrays of cells; a cell is a string, or {text, num, cls}
  function table(id, headers, rows, empty) {
    var t = document.getElementById(id);
    t.textContent = '';
    if (!rows.length) {
      var r0 = t.insertRow();
      var c0 = r0.insertCell();
      c0.className = 'note';
      c0.textContent = empty;
      return;
    }
    var head = t.createTHead().insertRow();
    headers.forEach(function (h) {
      var th = document.createElement('th');
      th.textContent = h;
      head.appendChild(th);
    });
    var body = t.createTBody();
    rows.forEach(function (cells) {
      var tr = body.insertRow();
      cells.forEach(function (cell) {
        var td = tr.insertCell();
        if (cell !== null && typeof cell === 'object') {
          td.textContent = cell.text;
          if (cell.num) { td.className = 'num'; }
          if (cell.cls) { td.className += ' ' + cell.cls; }
        } else {
          td.textContent = cell === null || cell === undefined ? '-' : String(cell);
        }
      });
    });
  }

  function num(text) { return { text: text, num: true }; }

  function chart(id, series, data) {
    var el = document.getElementById(id);
    var width = Math.max(300, el.clientWidth - 10);
    if (!charts[id]) {
      charts[id] = new uPlot({
        width: width, height: 240,
        scales: { x: { time: true } },
        series: [{}].concat(series),
        axes: [{}, { size: 60 }]
      }, data, el);
    } else {
      charts[id].setSize({ width: width, height: 240 });
      charts[id].setData(data);
    }
  }

  function drawHistory(h) {
    var ps = (h.profiles || []).slice().sort(function (a, b) { return a.uptime_ms - b.uptime_ms; });
    var t = [], used = [], committed = [], max = [], rss = [], alloc = [], pause = [];
    ps.forEach(function (p) {
      t.push(Date.parse(p.timestamp) / 1000);
      used.push(p.heap.used_bytes / MB);
      committed.push(p.heap.committed_bytes / MB);
      max.push(p.heap.max_bytes > 0 ? p.heap.max_bytes / MB : null);
      rss.push(p.process && p.process.rss_bytes != null ? p.process.rss_bytes / MB : null);
      alloc.push(p.allocation && p.allocation.bytes_per_second != null ? p.allocation.bytes_per_second / MB : null);
      pause.push(p.gc && p.gc.pause_time_share != null ? p.gc.pause_time_share * 100 : null);
    });
    chart('chart-memory', [
      { label: 'heap used', stroke: '#1565c0', width: 1.5 },
      { label: 'heap committed', stroke: '#6a1b9a', width: 1.5 },
      { label: 'heap max', stroke: '#999', dash: [4, 4], show: false },
      { label: 'RSS', stroke: '#e65100', width: 1.5 }
    ], [t, used, committed, max, rss]);
    chart('chart-alloc', [
      { label: 'allocation MB/s', stroke: '#2e7d32', width: 1.5 },
      { label: 'GC pause %', stroke: '#c62828', width: 1.5 }
    ], [t, alloc, pause]);
  }

  function drawStatus(s) {
    var a = s.agent, j = s.jvm;
    document.getElementById('status').textContent = 'pid ' + a.pid + ' \u00b7 ' + j.name + ' ' + j.version + ' \u00b7 '
      + j.collector + ' \u00b7 up ' + fmtDuration(a.uptime_ms) + ' \u00b7 heapwise ' + a.version + ' (' + a.profile + ')'
      + (s.memory ? ' \u00b7 ' + s.memory : '');
  }

  function drawHealth(h) {
    var b = document.getElementById('health');
    b.textContent = h.status + ' ' + h.score;
    b.className = 'badge ' + h.status;
    table('components', ['component', 'score', 'why', 'recommendation'], (h.components || []).map(function (c) {
      return [c.name, { text: String(c.score), num: true, cls: 'sev-' + (c.status === 'critical' ? 'critical' : c.status === 'degraded' ? 'medium' : 'ok') },
        c.reason || '', c.recommendation === 'none' ? '' : c.recommendation];
    }), 'no components');
  }

  function drawLeaks(l) {
    if (l.enabled === false) {
      table('leaks', [], [], 'leak detection is off (' + (l.reason || '') + ')');
      return;
    }
    table('leaks', ['severity', 'pattern', 'culprit', 'growth / min', 'summary'], (l.suspects || []).map(function (f) {
      return [{ text: f.severity, cls: 'sev-' + String(f.severity).toLowerCase() }, f.pattern, f.culprit,
        num(f.unit === 'bytes' ? fmtBytes(f.rate) : fmtNum(f.rate, 1) + ' ' + f.unit), f.summary];
    }), 'no suspects');
  }

  function drawAlerts(a) {
    var rows = (a.firing || []).map(function (x) {
      return [{ text: 'firing', cls: 'sev-critical' }, x.rule, num(fmtNum(x.last_value === null ? x.value : x.last_value, 3)), x.fired_at];
    }).concat((a.resolved || []).slice(0, 5).map(function (x) {
      return ['resolved', x.rule, num(fmtNum(x.value, 3)), x.resolved_at];
    }));
    table('alerts', ['state', 'rule', 'value', 'since'], rows, 'none firing; ' + (a.rules || []).length + ' rules');
  }

  function drawGc(g) {
    var p = g.pauses || {};
    var rows = (g.collectors || []).map(function (c) {
      return [c.name + ' (' + c.phase + ')', num(String(c.count)), num(c.total_time_ms + ' ms')];
    });
    rows.push(['pauses in the last ' + Math.round((p.window_ms || 0) / 1000) + ' s', num(String(p.count || 0)),
      num('p50 ' + fmtNum(p.p50_ms, 1) + ' / p99 ' + fmtNum(p.p99_ms, 1) + ' / max ' + fmtNum(p.max_ms, 1) + ' ms')]);
    rows.push(['pause share since start', num(fmtNum(g.pause_time_share_since_start * 100, 2) + ' %'), '']);
    table('gc', ['collector', 'count', 'time'], rows, 'no collectors');
  }

  function drawSites(s) {
    if (s.enabled === false) {
      document.getElementById('coverage').textContent = '';
      table('sites', [], [], 'allocation profiling is off (' + (s.reason || '') + ')');
      return;
    }
    var c = s.coverage || {};
    document.getElementById('coverage').textContent = 'sampled ' + fmtBytes(s.estimated_bytes) + ' in ' + s.samples
      + ' samples; the rewritten sites see ' + (c.share == null ? '-' : Math.round(c.share * 100) + '%')
      + ' of what the JVM allocated';
    table('sites', ['site', 'type', 'share', 'last window', 'since reset'], (s.entries || []).map(function (e) {
      return [e.site, e.type, num(fmtNum(e.share * 100, 1) + ' %'), num(perSecond(e.bytes_per_second_window)),
        num(perSecond(e.bytes_per_second_since_start))];
    }), 'no samples yet');
  }

  function drawDecisions(h) {
    table('decisions', ['time', 'lever', 'action', 'applied', 'reason'], (h.decisions || []).slice(0, 10).map(function (d) {
      return [d.time, d.lever, d.action, d.applied ? 'yes' : (d.error ? 'failed: ' + d.error : 'no (' + d.mode + ')'), d.reason];
    }), 'no decisions yet (tuner ' + ((h.tuner && h.tuner.mode) || 'off') + ')');
  }

  var parts = [
    ['/status', drawStatus], ['/profile/history', drawHistory], ['/health', drawHealth], ['/leaks', drawLeaks],
    ['/alerts?limit=5', drawAlerts], ['/gc/stats', drawGc], ['/allocations?by=site&top=10', drawSites],
    ['/gc/history?limit=10', drawDecisions]
  ];

  var inFlight = false;

  // one round at a time: a slow agent (a full collection running) must not pile requests up
  function refresh() {
    if (inFlight) { return; }
    inFlight = true;
    var errors = [];
    Promise.all(parts.map(function (p) {
      return get(p[0]).then(p[1]).catch(function (e) { errors.push(e.message); });
    })).then(function () {
      inFlight = false;
      var el = document.getElementById('error');
      el.hidden = errors.length === 0;
      el.textContent = errors.join('; ');
    });
  }

  var resizing = null;

  function resizeCharts() {
    Object.keys(charts).forEach(function (id) {
      charts[id].setSize({ width: Math.max(300, document.getElementById(id).clientWidth - 10), height: 240 });
    });
  }

  refresh();
  setInterval(refresh, 5000);
  window.addEventListener('resize', function () {
    clearTimeout(resizing);
    resizing = setTimeout(resizeCharts, 200);
  });
})();
