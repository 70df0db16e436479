/**
 * GraphiQL's own interface in Chinese. GraphiQL 5 has no translations of its own, so its labels,
 * tooltips and aria-labels are translated where they are shown: a MutationObserver on the page's
 * GraphiQL container replaces the known English texts (whole text nodes and the aria-label, title
 * and placeholder attributes), again whenever GraphiQL re-renders them. The editors' content (the
 * query, the result) is left alone: only exact matches of interface texts are touched.
 */
const ZH: Record<string, string> = {
  Docs: '文档',
  Variables: '变量',
  Headers: '请求头',
  History: '历史记录',
  Settings: '设置',
  Theme: '主题',
  Light: '浅色',
  Dark: '深色',
  System: '跟随系统',
  'Short Keys': '快捷键',
  'Short keys': '快捷键',
  'Clear storage': '清除本地存储',
  'Clear data': '清除数据',
  'Persist headers': '保存请求头',
  'Documentation Explorer': '文档浏览器',
  'Show Documentation Explorer': '显示文档浏览器',
  'Hide Documentation Explorer': '隐藏文档浏览器',
  'Show History': '显示历史记录',
  'Hide History': '隐藏历史记录',
  'Root Types': '根类型',
  'All Schema Types': '全部类型',
  Fields: '字段',
  Arguments: '参数',
  Implements: '实现接口',
  Type: '类型',
  Directives: '指令',
  Deprecated: '已弃用',
  'Show Deprecated Arguments': '显示已弃用的参数',
  'Show Deprecated Fields': '显示已弃用的字段',
  'Show Deprecated Values': '显示已弃用的取值',
  'Execute query': '执行查询',
  'Execute query (Ctrl-Enter)': '执行查询（Ctrl-Enter）',
  'Stop query': '停止查询',
  'Prettify query': '格式化查询',
  'Prettify query (Shift-Ctrl-P)': '格式化查询（Shift-Ctrl-P）',
  'Prettify Editors': '格式化编辑器',
  'Merge fragments into query': '把片段合并进查询',
  'Merge fragments into query (Shift-Ctrl-M)': '把片段合并进查询（Shift-Ctrl-M）',
  'Merge Fragments into Query': '把片段合并进查询',
  'Copy query': '复制查询',
  'Copy query (Shift-Ctrl-C)': '复制查询（Shift-Ctrl-C）',
  'Copy Query': '复制查询',
  'Run Operation': '运行操作',
  'Re-fetch GraphQL schema': '重新获取 GraphQL 模式',
  'Open short keys dialog': '打开快捷键说明',
  'Open settings dialog': '打开设置',
  'Add tab': '新建标签页',
  'Close Tab': '关闭标签页',
  'Hide editor tools': '隐藏编辑工具',
  'Show editor tools': '显示编辑工具',
  'Editor Commands': '编辑命令',
  'Operation Editor': '查询编辑器',
  'Select active operation': '选择要运行的操作',
  'Set active': '设为当前',
  'Edit label': '编辑名称',
  'Delete from history': '从历史记录删除',
  'Type a label': '输入名称',
  'Go back to Documentation Explorer': '返回文档浏览器',
  'Go back to Root Types': '返回根类型',
  'No results found': '没有找到结果',
  'Search Query...': '搜索 Query…',
  Loading: '加载中',
  'Clear history': '清空历史记录',
  'Clear': '清空',
  Close: '关闭',
  'Query': 'Query',
  Schema: '模式',
  Description: '说明',
  'Keyboard shortcut': '键盘快捷键',
  Function: '功能',
  'Search in editor': '在编辑器中搜索',
  'Search in documentation': '在文档中搜索',
  'Execute query (when editor focused)': '执行查询（编辑器获得焦点时）',
  'Prettify editors': '格式化编辑器',
  'Copy query (when editor focused)': '复制查询（编辑器获得焦点时）',
  'Re-fetch schema using introspection': '用内省重新获取模式',
  'Merge fragments definitions into operation definition': '把片段定义合并进操作定义',
  'Trigger completion in editor': '在编辑器中触发自动补全',
  'Adjust how the interface appears.': '调整界面外观。',
  'Remove all locally stored data and start fresh.': '删除本地保存的全部数据并重新开始。',
};

const ATTRS = ['aria-label', 'title', 'placeholder'] as const;

function translateNode(node: Node): void {
  if (node.nodeType === Node.TEXT_NODE) {
    const text = node.nodeValue ?? '';
    const key = text.trim();
    // Only interface texts inside GraphiQL's own chrome, never the editors' content.
    if (key && ZH[key] && !(node.parentElement?.closest('.monaco-editor, .result-window, .graphiql-query-editor'))) node.nodeValue = text.replace(key, ZH[key]);
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  const el = node as Element;
  if (el.closest('.monaco-editor')) return;
  for (const a of ATTRS) {
    const v = el.getAttribute(a);
    if (v && ZH[v.trim()]) el.setAttribute(a, ZH[v.trim()]);
  }
  for (const child of Array.from(el.childNodes)) translateNode(child);
}

/** Translates GraphiQL inside `root` now and whenever it changes; returns the stop function. */
export function translateGraphiQL(root: HTMLElement): () => void {
  translateNode(root);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') translateNode(r.target);
      else if (r.type === 'attributes') translateNode(r.target);
      else r.addedNodes.forEach(translateNode);
    }
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: [...ATTRS] });
  // Dialogs (settings, short keys) open in a portal outside the container.
  const portal = new MutationObserver((records) =>
    records.forEach((r) => r.addedNodes.forEach((n) => n instanceof Element && !root.contains(n) && n.closest('.graphiql-dialog, .graphiql-dialog-overlay, [data-radix-popper-content-wrapper]') && translateNode(n))),
  );
  portal.observe(document.body, { childList: true, subtree: true });
  return () => {
    observer.disconnect();
    portal.disconnect();
  };
}
