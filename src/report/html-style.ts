/**
 * The stylesheet inlined into report.html: system fonts only (the page loads nothing), one column that
 * reads on a phone, wider grids on a desktop, and a print layout without backgrounds or interactive bits.
 */
export const REPORT_CSS = `
:root { --ink:#0f172a; --muted:#475569; --line:#e2e8f0; --panel:#f8fafc; --accent:#2563eb; --ok:#15803d; --ok-bg:#dcfce7; --bad:#b91c1c; --bad-bg:#fee2e2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #f1f5f9; color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 16px 48px; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 6px; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 0 0 12px; overflow-wrap: anywhere; }
h3 { font-size: 1rem; margin: 16px 0 8px; }
p { margin: 0 0 8px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85em; }
.eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: .75rem; color: var(--accent); font-weight: 600; margin: 0 0 4px; }
.lead { color: var(--muted); overflow-wrap: anywhere; }
.page-head { margin-bottom: 16px; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 20px; margin: 10px 0 0; font-size: .85rem; color: var(--muted); }
.meta div { display: flex; gap: 6px; min-width: 0; }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.status { border-radius: 8px; padding: 10px 14px; margin: 0 0 16px; font-weight: 600; }
.status.ok { background: var(--ok-bg); color: var(--ok); }
.status.bad { background: var(--bad-bg); color: var(--bad); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 12px; margin: 0 0 20px; padding: 0; list-style: none; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.card .label { font-size: .78rem; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
.card .value { font-size: 1.25rem; font-weight: 650; margin-top: 2px; font-variant-numeric: tabular-nums; }
.card .sub { font-size: .78rem; color: var(--muted); overflow-wrap: anywhere; }
section { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 18px 18px 12px; margin: 0 0 18px; }
.table-wrap { overflow-x: auto; margin: 0 0 10px; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: break-word; }
thead th { background: var(--panel); font-weight: 600; color: var(--muted); font-size: .8rem; }
table.kv th { width: 40%; font-weight: 500; color: var(--muted); }
.badge { display: inline-block; border-radius: 999px; padding: 1px 10px; font-size: .8rem; font-weight: 600; }
.badge.ok { background: var(--ok-bg); color: var(--ok); }
.badge.bad { background: var(--bad-bg); color: var(--bad); }
.charts { display: grid; grid-template-columns: 1fr; gap: 18px; }
figure { margin: 0; break-inside: avoid; }
figcaption { color: var(--muted); font-size: .85rem; margin: 6px 0 0; }
.chart-view svg { display: block; max-width: 100%; height: auto; }
details { margin: 6px 0 0; font-size: .9rem; }
summary { cursor: pointer; color: var(--accent); }
pre.scenario { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px; overflow-x: auto; white-space: pre; margin: 0 0 8px; }
footer { color: var(--muted); font-size: .8rem; text-align: center; }
.muted { color: var(--muted); }
@media (max-width: 600px) {
  main { padding: 14px 10px 32px; }
  section { padding: 14px 12px 8px; }
  .card .value { font-size: 1.15rem; }
  table.kv th { width: 45%; }
}
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  section, .card { border-color: #cbd5e1; }
  section { break-inside: avoid-page; }
  .cards { grid-template-columns: repeat(3, 1fr); }
  summary { display: none; }
  details > table, details > .table-wrap { display: none; }
  pre.scenario { white-space: pre-wrap; }
  a { color: inherit; }
}
`;
