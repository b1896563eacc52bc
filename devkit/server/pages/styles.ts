/** The host pages' stylesheet: a quiet imitation of Freshservice's agent UI, so the app is the focus. */
export const HOST_CSS = `
:root { color-scheme: light; --ink: #12344d; --muted: #6f7c87; --line: #dadfe3; --panel: #fff; --page: #f5f7f9;
  --accent: #2c5cc5; --accent-soft: #e5f2fd; --ok: #00795b; --bad: #c82124; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink); }
a { color: var(--accent); }
.topbar { display: flex; align-items: center; gap: 24px; padding: 0 20px; block-size: 52px; background: #183247; color: #fff; }
.topbar__brand { font-weight: 600; letter-spacing: .2px; }
.topbar nav { display: flex; gap: 4px; }
.topbar nav a { color: #cfd7df; text-decoration: none; padding: 6px 12px; border-radius: 4px; }
.topbar nav a[aria-current="page"] { background: rgba(255,255,255,.12); color: #fff; }
.topbar__state { margin-inline-start: auto; font-size: 12px; color: #cfd7df; }
main { padding: 20px; }
h1 { font-size: 18px; margin: 0 0 12px; }
h2 { font-size: 15px; margin: 0 0 10px; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 16px; }
.muted { color: var(--muted); }
button, .button { font: inherit; border: 1px solid var(--line); background: #fff; color: var(--ink); border-radius: 4px; padding: 6px 14px; cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button:disabled { opacity: .55; cursor: default; }
input, select, textarea { font: inherit; color: inherit; border: 1px solid var(--line); border-radius: 4px; padding: 6px 8px; background: #fff; }
label { display: grid; gap: 4px; font-size: 12px; color: var(--muted); }
.notice { padding: 10px 12px; border-radius: 4px; background: #fff7e6; border: 1px solid #ffd591; }

.ticket-layout { display: grid; grid-template-columns: 300px minmax(360px, 1fr) 340px; gap: 16px; align-items: start; }
.ticket-list { list-style: none; margin: 0; padding: 0; max-block-size: calc(100vh - 180px); overflow: auto; }
.ticket-list a { display: block; padding: 8px 10px; border-radius: 4px; text-decoration: none; color: inherit; border-inline-start: 3px solid transparent; }
.ticket-list a:hover { background: var(--page); }
.ticket-list a.is-selected { background: var(--accent-soft); border-inline-start-color: var(--accent); }
.ticket-list__subject { display: block; font-weight: 500; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.ticket-list__meta { display: block; font-size: 12px; color: var(--muted); }
.new-ticket summary { cursor: pointer; color: var(--accent); margin-block-end: 10px; }
.new-ticket form { display: grid; gap: 8px; margin-block-end: 12px; }
.ticket__subject { font-size: 18px; margin: 0 0 4px; overflow-wrap: anywhere; }
.ticket__description { white-space: pre-wrap; background: var(--page); padding: 10px 12px; border-radius: 4px; overflow-wrap: anywhere; }
.properties { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 14px 0; }
.properties dt { color: var(--muted); }
.properties dd { margin: 0; overflow-wrap: anywhere; }
.ticket-edit { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; margin: 12px 0; }
#ticket-status { font-size: 12px; color: var(--ok); } #ticket-status.is-error { color: var(--bad); }
.notes { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; }
.note { border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px; }
.note--private { background: #fffbe6; border-color: #f5e1a4; }
.note__meta { font-size: 12px; color: var(--muted); }
.note__body { white-space: pre-wrap; margin: 4px 0 0; overflow-wrap: anywhere; }
.sidebar__head { display: flex; align-items: center; gap: 8px; margin-block-end: 8px; font-weight: 600; }
.sidebar__head img { inline-size: 20px; block-size: 20px; }
.app-frame { display: block; inline-size: 100%; block-size: 300px; border: 0; background: #fff; transition: block-size .15s ease; }

.install-frame { display: block; inline-size: 100%; min-block-size: 320px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.install-bar { position: sticky; inset-block-end: 0; display: flex; gap: 12px; align-items: center; padding: 12px 0; background: var(--page); }
#install-status[data-kind="error"] { color: var(--bad); } #install-status[data-kind="success"] { color: var(--ok); }

.simulator { display: grid; grid-template-columns: minmax(320px, 1fr) minmax(320px, 1fr); gap: 16px; align-items: start; }
.simulator textarea { inline-size: 100%; min-block-size: 420px; font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
.hint { font-size: 12px; margin: 2px 0 6px; }
.simulator__controls { display: flex; gap: 10px; align-items: end; margin-block-end: 10px; }
#payload-error { color: var(--bad); min-block-size: 1.4em; margin: 6px 0 0; }
.result__head--success strong { color: var(--ok); } .result__head--failed strong { color: var(--bad); }
.result__message { color: var(--bad); white-space: pre-wrap; }
.result__data { background: var(--page); padding: 8px 10px; border-radius: 4px; overflow: auto; max-block-size: 240px; font-size: 12px; }
.result__logs { list-style: none; padding: 0; margin: 10px 0 0; font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
.log { display: grid; grid-template-columns: 88px 40px minmax(90px, 190px) 1fr; gap: 8px; padding: 2px 0; border-block-end: 1px solid #eef1f3; }
.log__source { color: var(--muted); overflow-wrap: anywhere; }
.log__message { white-space: pre-wrap; overflow-wrap: anywhere; }
.log--warn .log__level { color: #b25d00; } .log--error .log__level { color: var(--bad); }
`;
