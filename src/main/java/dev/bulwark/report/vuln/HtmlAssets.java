package dev.bulwark.report.vuln;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The HTML report's style sheet and script. The script is constant, carries no report data (it
 * reads the table it is given), and is allowed by the page's Content Security Policy through its
 * SHA-256 hash, so nothing else can run even if escaping were ever wrong.
 */
final class HtmlAssets {
  private HtmlAssets() {}

  static final String STYLE = """
      :root{--fg:#1d2330;--muted:#5b6475;--line:#d9dde5;--bg:#fff;--head:#f3f5f9;--critical:#8b1a1a;\
      --high:#d1432f;--medium:#e39a19;--low:#3b7dd8;--none:#6b7280;--unknown:#9aa1ad}
      *{box-sizing:border-box}
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);\
      margin:0 auto;max-width:1400px;padding:24px}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);\
      padding-bottom:4px}
      .muted{color:var(--muted)}code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
      dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}dt{color:var(--muted)}dd{margin:0;\
      overflow-wrap:anywhere}
      .warn{background:#fff6e0;border:1px solid #f0c36d;border-radius:6px;padding:8px 12px;margin:8px 0}
      .warn ul{margin:4px 0;padding-left:20px}
      .summary{display:flex;flex-wrap:wrap;gap:24px;align-items:center}
      .headline{font-size:16px;font-weight:600}
      .controls{display:flex;gap:12px;align-items:center;margin:8px 0}
      input[type=search]{font:inherit;padding:5px 8px;border:1px solid var(--line);border-radius:6px;min-width:320px}
      table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:5px 8px;\
      text-align:left;vertical-align:top}
      th{background:var(--head);position:sticky;top:0}th button{all:unset;cursor:pointer;font-weight:600}
      th button:focus-visible{outline:2px solid var(--low)}
      th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
      td.loc,td.id{overflow-wrap:anywhere;max-width:360px}td.num{text-align:right}
      .sev{display:inline-block;min-width:64px;padding:1px 6px;border-radius:4px;color:#fff;font-size:12px;\
      font-weight:600;text-align:center}
      .sev-critical{background:var(--critical)}.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}\
      .sev-low{background:var(--low)}.sev-none{background:var(--none)}.sev-unknown{background:var(--unknown)}
      .fill-critical{fill:var(--critical)}.fill-high{fill:var(--high)}.fill-medium{fill:var(--medium)}\
      .fill-low{fill:var(--low)}.fill-none{fill:var(--none)}.fill-unknown{fill:var(--unknown)}
      .aliases{display:block;color:var(--muted);font-size:12px}
      footer{margin-top:32px;color:var(--muted);font-size:12px}
      """;

  /**
   * Sorting (click a column header; numeric columns start descending) and filtering (rows whose
   * text contains the filter). The URL fragment {@code #sort=KEY:asc|desc&filter=TEXT} applies a
   * sort and a filter on load. Once set up it marks the page {@code data-ready="true"}.
   */
  static final String SCRIPT = """
      (function () {
        'use strict';
        var table = document.getElementById('findings');
        var filter = document.getElementById('filter');
        var shown = document.getElementById('shown');
        var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
        function value(row, col, numeric) {
          var cell = row.cells[col];
          var v = cell.hasAttribute('data-v') ? cell.getAttribute('data-v') : cell.textContent;
          return numeric ? (parseFloat(v) || 0) : v.toLowerCase();
        }
        function sort(col, dir) {
          var head = table.tHead.rows[0].cells;
          var numeric = head[col].getAttribute('data-type') === 'number';
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = value(a, col, numeric), y = value(b, col, numeric);
            var c = x < y ? -1 : (x > y ? 1 : 0);
            return dir === 'asc' ? c : -c;
          });
          each(rows, function (row) { body.appendChild(row); });
          each(head, function (h) { h.removeAttribute('aria-sort'); });
          head[col].setAttribute('aria-sort', dir === 'asc' ? 'ascending' : 'descending');
          table.setAttribute('data-sorted', head[col].getAttribute('data-key') + ':' + dir);
        }
        function apply(text) {
          var needle = text.toLowerCase();
          var count = 0;
          each(table.tBodies[0].rows, function (row) {
            var hit = needle === '' || row.textContent.toLowerCase().indexOf(needle) >= 0;
            row.hidden = !hit;
            if (hit) { count++; }
          });
          shown.textContent = String(count);
        }
        if (table) {
          var head = table.tHead.rows[0].cells;
          each(head, function (th, col) {
            th.querySelector('button').addEventListener('click', function () {
              var now = th.getAttribute('aria-sort');
              var first = th.getAttribute('data-type') === 'number' ? 'desc' : 'asc';
              sort(col, now === null ? first : (now === 'ascending' ? 'desc' : 'asc'));
            });
          });
          filter.addEventListener('input', function () { apply(filter.value); });
          var params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
          var wanted = (params.get('sort') || '').split(':');
          each(head, function (th, col) {
            if (wanted[0] !== '' && th.getAttribute('data-key') === wanted[0]) {
              sort(col, wanted[1] === 'desc' ? 'desc' : 'asc');
            }
          });
          if (params.get('filter')) { filter.value = params.get('filter'); apply(filter.value); }
        }
        document.documentElement.setAttribute('data-ready', 'true');
      })();
      """;

  /** The script's CSP source expression: {@code 'sha256-…'}. */
  static String scriptHash() {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(SCRIPT.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(hash) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
