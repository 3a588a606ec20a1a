// The status page's script. The page is complete without it; this only keeps the live parts current
// (phase, progress, each component's state) from GET /status, reloads the page when a pass has ended
// or a new revision was read, and sends the operator buttons' requests with a token it asks for.
// The token stays in this tab's memory only: never stored, never put in the page.
(function () {
  'use strict';
  var REFRESH_MS = 1000;
  var body = document.body;
  var renderedCommit = body.dataset.commit || '';
  var passSeen = body.dataset.phase === 'applying' || body.dataset.phase === 'rolling_back';
  var token = null;

  function text(el, value) {
    if (el && el.textContent !== value) {
      el.textContent = value;
    }
  }

  function progressText(p) {
    return p.text + ' ' + p.component + ' ' + p.version + '/' + p.step;
  }

  function show(s) {
    var phase = document.getElementById('phase');
    text(phase, s.phase);
    if (phase) {
      phase.className = 'phase phase-' + s.phase;
    }
    body.dataset.phase = s.phase;
    document.getElementById('suspended').hidden = !s.suspended;
    text(document.getElementById('progress'), s.progress ? progressText(s.progress) : 'no pass applying');
    (s.components || []).forEach(function (c) {
      var row = document.querySelector('tr[data-component="' + CSS.escape(c.name) + '"]');
      if (!row) {
        return;
      }
      var state = row.querySelector('span.state');
      text(state, c.state);
      state.className = 'state state-' + c.state.toLowerCase();
      text(row.querySelector('.recorded'), c.recorded || '');
      text(row.querySelector('.desired'), c.desired || '');
      text(row.querySelector('.progress'), c.progress ? c.progress : '');
    });
    var applying = s.phase === 'applying' || s.phase === 'rolling_back';
    var commit = s.revision ? s.revision.commit : '';
    if ((passSeen && !applying) || commit !== renderedCommit) {
      // The history and the plan changed: render them again on the server.
      window.location.reload();
      return;
    }
    passSeen = passSeen || applying;
  }

  function refresh() {
    if (document.hidden) {
      return;
    }
    fetch('/status', { cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s) { show(s); } })
      .catch(function () { /* the agent is restarting; the next refresh tries again */ });
  }

  var result = document.getElementById('action-result');
  var dialog = document.getElementById('token-dialog');
  var input = document.getElementById('token-input');

  function report(message, failed) {
    result.textContent = message;
    result.className = failed ? 'failed' : '';
  }

  function send(action) {
    report(action + '…', false);
    fetch('/' + action, { method: 'POST', headers: { Authorization: 'Bearer ' + token }, cache: 'no-store' })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (b) {
          if (r.status === 401) {
            token = null;
          }
          if (r.ok) {
            report(action + ': done', false);
            refresh();
          } else {
            report(action + ': ' + (b.error || ('HTTP ' + r.status)), true);
          }
        });
      })
      .catch(function (e) { report(action + ': ' + e, true); });
  }

  function ask(action) {
    if (token !== null) {
      send(action);
      return;
    }
    document.getElementById('token-action').textContent = action;
    input.value = '';
    dialog.returnValue = '';
    dialog.onclose = function () {
      var given = input.value.trim();
      input.value = '';
      if (dialog.returnValue === 'send' && given !== '') {
        token = given;
        send(action);
      }
    };
    dialog.showModal();
    input.focus();
  }

  document.querySelectorAll('#actions button[data-action]').forEach(function (b) {
    b.disabled = false;
    b.addEventListener('click', function () { ask(b.dataset.action); });
  });
  window.setInterval(refresh, REFRESH_MS);
}());
