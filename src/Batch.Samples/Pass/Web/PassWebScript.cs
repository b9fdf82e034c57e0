namespace Samples.Pass.Web;

/// <summary>
/// The pages' script (served as <c>/assets/pass-web.js</c>): loads each page's data from the APIs and shows it with <c>textContent</c>
/// only (no HTML is built from data); the admin pages keep the admin key in <c>sessionStorage</c> (this tab only) and send it as the
/// <c>X-Admin-Key</c> header; a 401 or 403 shows the server's refusal and the key field, and nothing else. The statistics chart is an
/// inline SVG drawn here (no library, no network).
/// </summary>
internal static class PassWebScript
{
    public const string Text = """
        'use strict';
        (() => {
          const KEY = 'pass-web.adminKey';
          const SVG = 'http://www.w3.org/2000/svg';
          const $ = (selector) => document.querySelector(selector);

          function cell(row, text, className) {
            const td = document.createElement('td');
            td.textContent = text === null || text === undefined ? '' : String(text);
            if (className) td.className = className;
            row.appendChild(td);
            return td;
          }
          function show(element, text) {
            if (text !== undefined) element.textContent = text;
            element.hidden = false;
          }
          function hide(element) { element.hidden = true; }
          function clear(element) { while (element.firstChild) element.removeChild(element.firstChild); }
          function time(iso) { return iso ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : ''; }
          function sessions(n) { return n === null || n === undefined ? 'unlimited' : String(n); }

          async function call(path, options) {
            options = options || {};
            const headers = Object.assign({ 'Accept': 'application/json' }, options.headers || {});
            const response = await fetch(path, Object.assign({}, options, { headers: headers, credentials: 'omit' }));
            const type = response.headers.get('Content-Type') || '';
            const body = type.includes('json') ? await response.json() : null;
            return { status: response.status, ok: response.ok, body: body };
          }
          function problem(r) { return (r.body && (r.body.detail || r.body.title)) || ('The server answered ' + r.status + '.'); }
          function fieldMessages(r) { return r.body && r.body.errors ? Object.values(r.body.errors).flat().join(' ') : problem(r); }

          function adminCall(path, options) {
            options = options || {};
            const headers = Object.assign({}, options.headers || {});
            const key = sessionStorage.getItem(KEY);
            if (key) headers['X-Admin-Key'] = key;
            return call(path, Object.assign({}, options, { headers: headers }));
          }

          // The server refused the key (or there is none): forget it, hide the admin content, show why and the key field.
          function refuse(r) {
            sessionStorage.removeItem(KEY);
            hide($('#admin'));
            show($('#refusal'), problem(r));
            show($('#key-form'));
            $('#admin-key').focus();
          }

          // An admin page asks its first API with the kept key (or none, so that the server says why it refuses) and shows its content
          // only when the API answered.
          function adminPage(first, render) {
            async function start() {
              const r = await first();
              if (r.status === 401 || r.status === 403) { refuse(r); return; }
              // A 400 means the key was accepted and the page's input was not: the page shows the field errors.
              if (!r.ok && r.status !== 400) { show($('#refusal'), problem(r)); return; }
              hide($('#refusal'));
              hide($('#key-form'));
              show($('#admin'));
              await render(r);
            }
            $('#key-form').addEventListener('submit', (event) => {
              event.preventDefault();
              sessionStorage.setItem(KEY, $('#admin-key').value);
              $('#admin-key').value = '';
              start();
            });
            start();
          }

          function clearErrors(scope) {
            scope.querySelectorAll('[data-error-for]').forEach((e) => { e.textContent = ''; });
            scope.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
            hide($('#form-error'));
          }
          // Shows each field's messages beside the field; those of fields the page has not, above the form.
          function showErrors(scope, errors) {
            const others = [];
            for (const [field, messages] of Object.entries(errors)) {
              const target = scope.querySelector('[data-error-for="' + CSS.escape(field) + '"]');
              if (target) {
                target.textContent = messages.join(' ');
                const input = document.getElementById(field);
                if (input) input.setAttribute('aria-invalid', 'true');
              } else {
                others.push(...messages);
              }
            }
            if (others.length > 0) show($('#form-error'), others.join(' '));
          }

          // ---- a member's passes ----
          function memberPage() {
            $('#member-form').addEventListener('submit', (event) => {
              event.preventDefault();
              location.href = '/members/' + encodeURIComponent($('#member-id').value.trim());
            });
            const match = location.pathname.match(/^\/members\/([^/]+)$/);
            if (!match) return;
            const id = decodeURIComponent(match[1]);
            $('#member-id').value = id;
            (async () => {
              const r = await call('/api/members/' + encodeURIComponent(id) + '/passes');
              if (!r.ok) { show($('#error'), fieldMessages(r)); return; }
              const view = r.body;
              $('#member-name').textContent = view.memberName + ' (member ' + view.memberId + ')';
              const usable = view.passes.filter((p) => p.status === 'ACTIVE').length;
              $('#summary').textContent = view.passes.length === 0 ? 'No passes.' : usable + ' active of ' + view.passes.length + ' passes.';
              const body = $('#passes tbody');
              clear(body);
              for (const p of view.passes) {
                const row = document.createElement('tr');
                row.dataset.passId = p.id;
                if (p.bulkPassId !== null) row.dataset.bulkPassId = p.bulkPassId;
                row.className = p.status.toLowerCase();
                cell(row, '#' + p.id);
                cell(row, p.packageName);
                cell(row, sessions(p.remainingSessions), 'number');
                cell(row, time(p.startsAt));
                cell(row, time(p.endsAt));
                cell(row, p.status === 'EXPIRED' && p.expiredAt ? 'EXPIRED ' + time(p.expiredAt) : p.status);
                body.appendChild(row);
              }
              show($('#member'));
            })();
          }

          // ---- register a bulk pass ----
          function fillSelect(select, items, label) {
            clear(select);
            for (const item of items) {
              const option = document.createElement('option');
              option.value = item.id;
              option.textContent = label(item);
              select.appendChild(option);
            }
          }
          async function listBulkPasses() {
            const r = await adminCall('/api/admin/bulk-passes');
            if (r.status === 401 || r.status === 403) { refuse(r); return; }
            if (!r.ok) return;
            const body = $('#bulk-passes tbody');
            clear(body);
            for (const b of r.body) {
              const row = document.createElement('tr');
              row.dataset.bulkPassId = b.id;
              cell(row, '#' + b.id);
              cell(row, b.groupName + ' (' + b.members + ')');
              cell(row, b.packageName);
              cell(row, sessions(b.sessions), 'number');
              cell(row, time(b.startsAt));
              cell(row, time(b.endsAt));
              cell(row, b.status);
              cell(row, b.issuedAt ? b.issuedCount + ' at ' + time(b.issuedAt) : '');
              body.appendChild(row);
            }
          }
          function bulkPassPage() {
            adminPage(() => adminCall('/api/admin/catalog'), async (r) => {
              fillSelect($('#groupId'), r.body.groups, (g) => g.name + ' (' + g.members + ' members)');
              fillSelect($('#packageId'), r.body.packages, (p) => p.name + ' (' + (p.sessions === null ? 'unlimited' : p.sessions + ' sessions') + ', ' + p.validDays + ' days)');
              await listBulkPasses();
            });
            const form = $('#bulk-form');
            form.addEventListener('submit', async (event) => {
              event.preventDefault();
              clearErrors(form);
              hide($('#result'));
              const text = (id) => $('#' + id).value.trim();
              const number = (id) => text(id) === '' ? null : Number(text(id));
              const body = {
                groupId: number('groupId'), packageId: number('packageId'), sessions: number('sessions'),
                startsAt: text('startsAt') || null, endsAt: text('endsAt') || null,
              };
              const r = await adminCall('/api/admin/bulk-passes', {
                method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
              });
              if (r.status === 201) {
                const b = r.body;
                show($('#result'), 'Bulk pass #' + b.id + ' registered: ' + b.members + ' passes of ' + b.packageName + ' (' + sessions(b.sessions) +
                  ' sessions) for ' + b.groupName + ', from ' + time(b.startsAt) + ' to ' + time(b.endsAt) + '; add-passes issues them once the start has come.');
                await listBulkPasses();
              } else if (r.status === 400 && r.body && r.body.errors) {
                showErrors(form, r.body.errors);
              } else if (r.status === 401 || r.status === 403) {
                refuse(r);
              } else {
                show($('#form-error'), problem(r));
              }
            });
          }

          // ---- statistics ----
          function svg(tag, attributes, text) {
            const element = document.createElementNS(SVG, tag);
            for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
            if (text !== undefined) element.textContent = text;
            return element;
          }
          function niceStep(max) {
            const raw = max / 4;
            const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            const n = raw / magnitude;
            return Math.max(1, (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * magnitude);
          }
          // Grouped bars: one group per point, one bar per series, a y axis with round steps, at most ~16 x labels.
          function drawChart(chart, points, series) {
            clear(chart);
            const width = 900, height = 240, left = 48, right = 8, top = 10, bottom = 28;
            chart.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
            const plotWidth = width - left - right, plotHeight = height - top - bottom;
            let max = 1;
            for (const p of points) for (const v of p.values) if (v > max) max = v;
            const step = niceStep(max);
            const yMax = Math.ceil(max / step) * step;
            const y = (v) => top + plotHeight - (v / yMax) * plotHeight;
            for (let v = 0; v <= yMax; v += step) {
              chart.appendChild(svg('line', { x1: left, x2: width - right, y1: y(v), y2: y(v), class: 'grid' }));
              chart.appendChild(svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, String(v)));
            }
            if (points.length === 0) {
              chart.appendChild(svg('text', { x: left + plotWidth / 2, y: top + plotHeight / 2, 'text-anchor': 'middle', class: 'empty' },
                'No statistics in this range: run make-statistics for it.'));
              return;
            }
            const groupWidth = plotWidth / points.length;
            const barWidth = Math.max(0.5, (groupWidth * 0.8) / series.length);
            const every = Math.ceil(points.length / 16);
            points.forEach((p, i) => {
              const x = left + i * groupWidth + groupWidth * 0.1;
              p.values.forEach((v, s) => {
                const bar = svg('rect', {
                  x: x + s * barWidth, y: y(v), width: barWidth, height: top + plotHeight - y(v), class: 'bar ' + series[s],
                  'data-series': series[s], 'data-point': p.key, 'data-value': v,
                });
                bar.appendChild(svg('title', {}, p.title + ': ' + v + ' ' + series[s]));
                chart.appendChild(bar);
              });
              if (i % every === 0) {
                chart.appendChild(svg('text', { x: left + (i + 0.5) * groupWidth, y: height - 8, 'text-anchor': 'middle', class: 'axis' }, p.label));
              }
            });
          }
          function renderStatistics(view) {
            const t = view.total;
            $('#totals').textContent = view.from + ' to ' + view.to + ': ' + t.all + ' bookings, ' + t.attended + ' attended, ' + t.cancelled +
              ' cancelled (' + view.hourly.length + ' hourly rows).';
            const series = ['all', 'attended', 'cancelled'];
            drawChart($('#daily-chart'), view.daily.map((d) => ({ key: d.date, label: d.date.slice(5), title: d.date, values: [d.all, d.attended, d.cancelled] })), series);
            drawChart($('#hourly-chart'), view.hourly.map((h) => ({ key: h.hour, label: h.hour.slice(5, 13).replace('T', ' ') + 'h', title: time(h.hour), values: [h.all, h.attended, h.cancelled] })), series);
            const body = $('#daily tbody');
            clear(body);
            for (const d of view.daily) {
              const row = document.createElement('tr');
              row.dataset.day = d.date;
              cell(row, d.date);
              cell(row, d.all, 'number');
              cell(row, d.attended, 'number');
              cell(row, d.cancelled, 'number');
              body.appendChild(row);
            }
            show($('#report'));
          }
          function statisticsPage() {
            const params = new URLSearchParams(location.search);
            const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
            $('#from').value = params.get('from') || day(-6);
            $('#to').value = params.get('to') || day(0);
            const query = () => '/api/admin/statistics?from=' + encodeURIComponent($('#from').value) + '&to=' + encodeURIComponent($('#to').value);
            const form = $('#range-form');
            const answer = (r) => {
              if (r.ok) { renderStatistics(r.body); return; }
              hide($('#report'));
              if (r.status === 400 && r.body && r.body.errors) showErrors(form, r.body.errors);
              else if (r.status === 401 || r.status === 403) refuse(r);
              else show($('#form-error'), problem(r));
            };
            adminPage(() => adminCall(query()), (r) => { clearErrors(form); answer(r); });
            form.addEventListener('submit', async (event) => {
              event.preventDefault();
              clearErrors(form);
              history.replaceState(null, '', '?from=' + encodeURIComponent($('#from').value) + '&to=' + encodeURIComponent($('#to').value));
              answer(await adminCall(query()));
            });
          }

          const pages = { member: memberPage, 'bulk-pass': bulkPassPage, statistics: statisticsPage };
          const page = pages[document.body.dataset.page];
          if (page) page();
        })();

        """;
}
