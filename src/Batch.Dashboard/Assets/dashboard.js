// Batch dashboard: refreshes the progress of running steps from the JSON endpoint named by data-progress-url.
// It only reads (GET) and writes text with textContent, never HTML.
(function () {
  "use strict";
  function cell(row, text, cls) {
    var td = document.createElement("td");
    if (cls) { td.className = cls; }
    td.textContent = text;
    row.appendChild(td);
    return td;
  }
  function render(box, steps) {
    var table = box.querySelector("table");
    var empty = box.querySelector("p.empty");
    var body = table.querySelector("tbody");
    while (body.firstChild) { body.removeChild(body.firstChild); }
    steps.forEach(function (s) {
      var row = document.createElement("tr");
      row.dataset.step = s.stepName;
      row.dataset.execution = String(s.executionId);
      var link = document.createElement("a");
      link.href = box.dataset.executionBase + encodeURIComponent(String(s.executionId));
      link.textContent = "#" + s.executionId;
      cell(row, "").appendChild(link);
      cell(row, s.jobName);
      cell(row, s.stepName);
      cell(row, s.itemsDoneText, "done");
      var percent = cell(row, "", "percent");
      var bar = document.createElement("progress");
      bar.max = 100;
      if (s.percent !== null && s.percent !== undefined) { bar.value = s.percent; }
      var label = document.createElement("span");
      label.textContent = s.percentText;
      percent.appendChild(bar);
      percent.appendChild(document.createTextNode(" "));
      percent.appendChild(label);
      cell(row, s.rateText, "rate");
      cell(row, s.elapsedText, "elapsed");
      cell(row, s.etaText, "eta").title = s.basis;
      body.appendChild(row);
    });
    table.hidden = steps.length === 0;
    empty.hidden = steps.length !== 0;
    box.dataset.refreshed = String((Number(box.dataset.refreshed) || 0) + 1);
  }
  function poll(box) {
    var every = Number(box.dataset.refreshMs) || 2000;
    function tick() {
      fetch(box.dataset.progressUrl, { headers: { "Accept": "application/json" }, cache: "no-store", credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (steps) { if (steps) { render(box, steps); } })
        .catch(function () { /* the next tick tries again */ })
        .then(function () { window.setTimeout(tick, every); });
    }
    window.setTimeout(tick, every);
  }
  document.querySelectorAll("[data-progress-url]").forEach(poll);
})();
