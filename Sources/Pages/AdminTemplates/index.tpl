{* The host's admin page frame: one small stylesheet, the page title and $content_tpl. *}
<!DOCTYPE html>
<html lang="{$language}">
<head>
<meta charset="utf-8">
<title>{$page_title}</title>
<style>
{literal}
body { margin: 0; font: 13px/1.45 "Helvetica Neue", Arial, sans-serif; color: #333; background: #f4f5f7; }
a { color: #0388cc; text-decoration: none; }
.header { background: #2f3b4c; color: #fff; padding: 10px 24px; font-size: 14px; }
.header .brand { font-weight: bold; margin-right: 16px; }
.header .muted { color: #aab4c3; }
.page { display: flex; align-items: flex-start; gap: 20px; padding: 20px 24px; }
.main { flex: 1; min-width: 0; background: #fff; border: 1px solid #dde1e6; border-radius: 3px; }
.sidebar { width: 300px; background: #fff; border: 1px solid #dde1e6; border-radius: 3px; padding: 4px 0; }
.title { padding: 14px 20px; border-bottom: 1px solid #e6e9ed; }
.title h1 { margin: 0; font-size: 20px; font-weight: normal; }
.title h1 .muted { margin-left: 8px; }
.title p { margin: 4px 0 0; }
.tabs { display: flex; gap: 2px; padding: 0 20px; border-bottom: 1px solid #dde1e6; background: #fafbfc; }
.tabs span { padding: 9px 14px; color: #0388cc; }
.tabs span.active { background: #fff; border: 1px solid #dde1e6; border-bottom-color: #fff; margin-bottom: -1px; color: #333; }
.tab-content { padding: 16px 20px; }
.tab-content + .tab-content { border-top: 1px dashed #dde1e6; }
.tab-content > h2 { font-size: 15px; margin: 0 0 10px; }
.row { display: flex; gap: 20px; align-items: flex-start; }
.span8 { flex: 2; min-width: 0; }
.span4 { flex: 1; min-width: 0; }
.well { background: #f7f8fa; border: 1px solid #e3e6ea; border-radius: 3px; padding: 10px 14px; margin-bottom: 12px; }
.well h4 { margin: 0 0 8px; font-size: 13px; text-transform: uppercase; color: #6b7785; }
table.table { width: 100%; border-collapse: collapse; margin-bottom: 14px; }
table.table th { text-align: left; font-weight: normal; color: #6b7785; border-bottom: 2px solid #e3e6ea; padding: 6px 8px; }
table.table td { border-bottom: 1px solid #eef0f2; padding: 6px 8px; vertical-align: top; }
.right, table.table .right { text-align: right; }
.totals { margin-left: auto; width: 320px; border-collapse: collapse; }
.totals td { padding: 4px 8px; }
.totals tr.total td { font-size: 16px; font-weight: bold; border-top: 2px solid #e3e6ea; }
.status { display: inline-block; padding: 2px 9px; border-radius: 10px; color: #fff; background: #7d8a99; font-size: 12px; }
.status-P, .status-C { background: #3c9a5f; }
.status-O, .status-Y, .status-B { background: #d99a22; }
.status-I, .status-D, .status-F { background: #c7483d; }
.status-N { background: #9aa3ad; }
.sidebar-row { padding: 10px 16px; border-bottom: 1px solid #eef0f2; }
.sidebar-row:last-child { border-bottom: 0; }
.sidebar-row h6 { margin: 0 0 6px; font-size: 12px; text-transform: uppercase; color: #6b7785; letter-spacing: .03em; }
.sidebar-row p { margin: 2px 0; }
.strong { font-weight: bold; }
.muted { color: #8a95a1; }
.text-warning { color: #b7791f; }
.text-success { color: #2f855a; }
.text-error { color: #c53030; }
ul.unstyled { list-style: none; margin: 4px 0; padding: 0; }
.btn { display: inline-block; padding: 4px 12px; border: 1px solid #c5ccd4; border-radius: 3px; background: #f7f8fa; color: #333; }
.notes { white-space: pre-wrap; }
form.cm-settings fieldset { border: 1px solid #e3e6ea; border-radius: 3px; margin: 0 0 14px; padding: 8px 14px 4px; }
form.cm-settings legend { padding: 0 6px; font-weight: bold; }
.control-group { display: flex; gap: 14px; padding: 6px 0; border-bottom: 1px solid #f0f2f4; }
.control-group:last-child { border-bottom: 0; }
.control-label { width: 220px; flex: none; color: #555; }
.control-label .tooltip { display: block; color: #8a95a1; font-size: 12px; }
.controls { flex: 1; }
.controls input[type=text], .controls select, .controls textarea { min-width: 260px; padding: 3px 6px; border: 1px solid #c5ccd4; border-radius: 3px; }
.controls label { display: block; }
h3.setting-header { margin: 12px 0 4px; font-size: 14px; border-bottom: 1px solid #e3e6ea; padding-bottom: 4px; }
.setting-secret { font-style: italic; }
{/literal}
</style>
</head>
<body>
<div class="header"><span class="brand">addonhost</span><span class="muted">{$storefront.name} · {$storefront.url}</span></div>
{include file=$content_tpl}
</body>
</html>
