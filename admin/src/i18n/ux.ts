/**
 * Messages of the pages and shared components the walk-through added (issue #17): users, the audit
 * trail, one's own password, bulk decisions with their results, the laborer's shortcuts, MUI's own
 * texts. Both languages side by side; merged into domain.ts's catalogue like programmes.ts.
 */
type Pair = { zh: string; en: string };
type Tree = { [key: string]: Pair | Tree };

const p = (zh: string, en: string): Pair => ({ zh, en });

export const uxResources: Tree = {
  User: {
    name: p('用户', 'User |||| Users'),
    fields: {
      id: p('编号', 'Id'),
      username: p('登录名', 'Sign-in name'),
      displayName: p('姓名', 'Name'),
      role: p('角色', 'Role'),
      duty: p('职责', 'Duty'),
      scopeRegionCode: p('管辖区域', 'Region'),
      scopeRegion: p('管辖区域', 'Region'),
      active: p('可以登录', 'May sign in'),
      password: p('初始密码', 'First password'),
      createdAt: p('创建时间', 'Created'),
      q: p('登录名或姓名', 'Sign-in name or name'),
      regionCode: p('所在区域', 'Region'),
    },
  },
  AuditLog: {
    name: p('操作日志', 'Audit entry |||| Audit trail'),
    fields: {
      id: p('编号', 'Id'),
      at: p('时间', 'When'),
      username: p('操作人', 'Who'),
      userId: p('操作人编号', 'User id'),
      action: p('操作', 'Action'),
      entity: p('记录类型', 'Record type'),
      recordId: p('记录编号', 'Record id'),
      regionCode: p('所在区域', 'Region'),
      changes: p('改动内容', 'What changed'),
      client: p('客户端地址', 'Client address'),
      reason: p('原因', 'Reason'),
      at_gte: p('时间起', 'From'),
      at_lte: p('时间止', 'To'),
    },
  },
  // A policy's amount is yuan, or a share of the interest for 贴息 (shown as a percentage).
  Policy: { fields: { amount: p('补贴标准（元，贴息为比例）', 'Amount (yuan, or a share of the interest)') } },
  Laborer: {
    fields: {
      idOrPhoneTail: p('身份证号/电话后几位', 'Last digits of ID or phone'),
    },
  },
};

export const uxApp: Tree = {
  menu: {
    users: p('用户管理', 'Users'),
    audit: p('操作日志', 'Audit trail'),
    password: p('修改密码', 'Change my password'),
  },
  bulk: {
    approve: p('批量审批', 'Approve selected'),
    pay: p('批量发放', 'Pay selected'),
    reject: p('批量驳回', 'Reject selected'),
    title: p('%{action}：已选 %{count} 条', '%{action}: %{count} selected'),
    running: p('正在处理第 %{done}/%{count} 条…', 'Working: %{done} of %{count}…'),
    summary: p('%{action}：成功 %{ok} 条，未成功 %{failed} 条', '%{action}: %{ok} done, %{failed} not done'),
    allDone: p('%{action}：%{ok} 条全部成功', '%{action}: all %{ok} done'),
    failedTitle: p('未成功的记录及原因', 'Not done, and why'),
    who: p('对象', 'For'),
    why: p('原因', 'Why'),
    close: p('关闭', 'Close'),
    hiddenDropped: p('已取消选择当前列表不显示的 %{count} 条', '%{count} selected rows not on this list were unselected'),
  },
  laborerActions: {
    enroll: p('报名培训', 'Enroll in training'),
    employ: p('登记就业', 'Record a job'),
    subsidy: p('申请补贴', 'Apply for a subsidy'),
  },
  users: {
    resetPassword: p('重置密码', 'Reset password'),
    resetTitle: p('重置 %{name} 的密码', 'Reset the password of %{name}'),
    newPassword: p('新密码（10至128位）', 'New password (10 to 128 characters)'),
    resetDone: p('密码已重置，该用户需用新密码重新登录', 'Password reset: the user signs in again with it'),
    deactivate: p('停用', 'Deactivate'),
    activate: p('启用', 'Activate'),
    deactivated: p('已停用，该用户的会话已结束', 'Deactivated: their sessions ended'),
    activated: p('已启用', 'Activated'),
    scopeHelp: p('经办人员必须选择所管辖的县或乡镇；市级管理员不选', 'Operators need their county or township; administrators none'),
    cityWide: p('全市', 'Whole city'),
  },
  password: {
    title: p('修改我的密码', 'Change my password'),
    current: p('当前密码', 'Current password'),
    next: p('新密码（10至128位）', 'New password (10 to 128 characters)'),
    repeat: p('再次输入新密码', 'New password again'),
    mismatch: p('两次输入的新密码不一致', 'The two new passwords differ'),
    tooShort: p('新密码至少10位', 'At least 10 characters'),
    done: p('密码已修改，其他设备上的登录已退出', 'Password changed: your other sessions ended'),
    save: p('保存新密码', 'Save the new password'),
  },
  audit: {
    history: p('操作日志', 'History'),
    password: p('密码', 'Password'),
    passwordChanged: p('（已更改，不显示）', '(changed, not shown)'),
    historyOf: p('%{name} 的操作日志', 'History of %{name}'),
    empty: p('暂无操作记录', 'No entries'),
    field: p('字段', 'Field'),
    before: p('修改前', 'Before'),
    after: p('修改后', 'After'),
    system: p('系统', 'System'),
    openRecord: p('打开记录', 'Open the record'),
  },
  scope: {
    notYours: p('无权查看该区划：您的管辖区域是%{name}', 'Not yours to see: your region is %{name}'),
    backToMine: p('回到我的区域', 'Back to my region'),
  },
  validation: {
    dayFormat: p('日期应写作 yyyy-mm-dd，如 2017-06-30', 'A date is written yyyy-mm-dd, e.g. 2017-06-30'),
    tailDigits: p('请输入身份证号或电话号码的后4至8位', 'Type the last 4 to 8 digits of the ID or phone number'),
  },
  signIn: {
    wrong: p('用户名或密码错误', 'Wrong user name or password'),
  },
  record: {
    of: p('%{kind}：%{text}', '%{kind}: %{text}'),
  },
  dashboard: {
    period: p('统计区间', 'Period'),
    year: p('年度', 'Year'),
    monthFrom: p('起始月', 'From month'),
    monthTo: p('截止月', 'To month'),
    stockNote: p('“存量”指标（劳动力、户数、需求、公益性岗位）为截至期末的在册数（按建档立卡登记日期计入）', '“Stock” figures (laborers, households, demands, welfare posts) are those on the registry at the end of the period (counted from their registration dates)'),
    flowNote: p('“本期”指标（培训、就业、创业、贷款、补贴）为 %{from} 至 %{to}', '“Period” figures (training, jobs, businesses, loans, subsidies) cover %{from} to %{to}'),
    sinceStart: p('有记录以来', 'the beginning'),
    monthRange: p('月份区间', 'Months'),
    stock: p('存量', 'Stock'),
    flow: p('本期', 'Period'),
    total: p('合计', 'Total'),
    unitNote: p('单位：人；金额单位：元', 'Units: people; money in yuan'),
    scrollHint: p('表格可左右滑动查看全部列', 'Scroll sideways for every column'),
    valueAxis: p('%{label}（%{unit}）', '%{label} (%{unit})'),
    yuan: p('元', 'yuan'),
  },
  tracking: {
    cumulative: p('累计审批与发放（按月）', 'Approved and paid, cumulative by month'),
    execution: p('各政策预算执行情况', 'Budget execution by policy'),
    executionRate: p('发放进度', 'Paid share'),
    byCounty: p('各县预算执行', 'Budget execution by county'),
  },
  mui: {
    breadcrumb: p('所在位置', 'Breadcrumb'),
    pagination: p('分页导航', 'Pagination'),
  },
};

/** Money fields of every resource: their labels carry the unit, the cells plain yuan (MoneyField). */
const MONEY_FIELDS = new Set(['amount', 'approved', 'budget', 'interest', 'interestSubsidy', 'livingSubsidyPerTerm', 'monthlyPay', 'paid', 'remaining', 'subsidyApproved', 'subsidyPaid']);

export function withMoneyUnits(resources: Tree): Tree {
  const out: Tree = {};
  for (const [name, def] of Object.entries(resources)) {
    const fields = (def as Tree).fields as Record<string, Pair> | undefined;
    if (!fields) {
      out[name] = def;
      continue;
    }
    const withUnits = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, MONEY_FIELDS.has(k) && !v.zh.includes('元') ? p(`${v.zh}（元）`, `${v.en} (yuan)`) : v]),
    );
    out[name] = { ...(def as Tree), fields: withUnits };
  }
  return out;
}
