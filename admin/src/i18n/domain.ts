import * as vocab from '@fupin/schema';
import type { Lang } from '@fupin/schema';
import { programmeApp, programmeResources } from './programmes';
import { lifecycleApp, lifecycleResources } from '../lifecycle/i18n';
import { uxApp, uxResources, withMoneyUnits } from './ux';
import { reportApp, reportResources } from './report';
import { importApp } from './imports';

/**
 * Our own messages in both languages, side by side so a label cannot exist in one only:
 * resource and field names (react-admin's `resources.<Resource>.fields.<field>` convention), enum labels
 * (taken from the shared vocabulary, so they match the API's), and the admin's own texts.
 */
type Pair = { zh: string; en: string };
type Tree = { [key: string]: Pair | Tree };

const resources: Tree = {
  Region: {
    name: { zh: '行政区划', en: 'Region |||| Regions' },
    fields: {
      id: { zh: '区划代码', en: 'Code' },
      code: { zh: '区划代码', en: 'Code' },
      name: { zh: '名称', en: 'Name' },
      level: { zh: '级别', en: 'Level' },
      isPoor: { zh: '贫困县/村', en: 'Poor county/village' },
      isUrban: { zh: '城镇社区', en: 'Urban community' },
      exitYear: { zh: '摘帽/出列年度', en: 'Year off the poor list' },
      parentId: { zh: '上级区划', en: 'Parent' },
      within: { zh: '所在区域', en: 'Within' },
      ancestors: { zh: '上级', en: 'Ancestors' },
      children: { zh: '下级区划', en: 'Subdivisions' },
      households: { zh: '贫困户', en: 'Households' },
      q: { zh: '名称或代码', en: 'Name or code' },
    },
  },
  Household: {
    name: { zh: '贫困户', en: 'Household |||| Households' },
    fields: {
      id: { zh: '编号', en: 'Id' },
      headName: { zh: '户主姓名', en: 'Head of household' },
      memberCount: { zh: '家庭人口', en: 'Members' },
      villageId: { zh: '所在村', en: 'Village' },
      village: { zh: '所在村', en: 'Village' },
      povertyStatus: { zh: '贫困状态', en: 'Poverty status' },
      exitedPovertyYear: { zh: '脱贫年度', en: 'Year exited poverty' },
      helperName: { zh: '原登记帮扶人', en: 'Helper (as first registered)' },
      laborers: { zh: '劳动力', en: 'Laborers' },
      regionCode: { zh: '所在区域', en: 'Region' },
      q: { zh: '户主姓名', en: 'Head of household' },
    },
  },
  Laborer: {
    name: { zh: '贫困劳动力', en: 'Laborer |||| Laborers' },
    fields: {
      id: { zh: '编号', en: 'Id' },
      name: { zh: '姓名', en: 'Name' },
      idNumber: { zh: '身份证号', en: 'Resident ID number' },
      gender: { zh: '性别', en: 'Gender' },
      birthDate: { zh: '出生日期', en: 'Birth date' },
      age: { zh: '年龄', en: 'Age' },
      phone: { zh: '联系电话', en: 'Phone' },
      education: { zh: '文化程度', en: 'Education' },
      skills: { zh: '技能', en: 'Skills' },
      householdId: { zh: '所属贫困户', en: 'Household' },
      household: { zh: '所属贫困户', en: 'Household' },
      villageId: { zh: '所在村', en: 'Village' },
      village: { zh: '所在村', en: 'Village' },
      township: { zh: '乡镇(街道)', en: 'Township' },
      county: { zh: '县(区、市)', en: 'County' },
      povertyStatus: { zh: '贫困状态', en: 'Poverty status' },
      exitedPovertyYear: { zh: '脱贫年度', en: 'Year exited poverty' },
      wantsTraining: { zh: '培训需求', en: 'Wants training' },
      wantsTransfer: { zh: '转移就业需求', en: 'Wants transfer employment' },
      wantsEnterprise: { zh: '创业需求', en: 'Wants to start a business' },
      demands: { zh: '需求', en: 'Demands' },
      regionCode: { zh: '所在区域', en: 'Region' },
      q: { zh: '姓名或身份证号', en: 'Name or ID number' },
      birthDate_gte: { zh: '出生日期不早于', en: 'Born on or after' },
      birthDate_lte: { zh: '出生日期不晚于', en: 'Born on or before' },
    },
  },
};

const app: Tree = {
  title: { zh: '南充市就业扶贫数据中台', en: 'Nanchong Employment Poverty-Alleviation Hub' },
  language: { zh: '语言', en: 'Language' },
  menu: {
    graphiql: { zh: 'GraphQL 查询', en: 'GraphQL explorer' },
    dashboard: { zh: '首页', en: 'Home' },
  },
  region: {
    city: { zh: '市', en: 'City' },
    anyCounty: { zh: '全部县(区、市)', en: 'All counties' },
    anyTownship: { zh: '全部乡镇(街道)', en: 'All townships' },
    anyVillage: { zh: '全部村(社区)', en: 'All villages' },
    mustBeVillage: { zh: '请选择到村(社区)一级', en: 'Choose a village' },
    breadcrumb: { zh: '所在位置', en: 'Location' },
    children: { zh: '下级区划（%{count}）', en: 'Subdivisions (%{count})' },
    households: { zh: '本村贫困户', en: 'Households of this village' },
    urban: { zh: '社区', en: 'Urban' },
  },
  laborer: {
    derived: { zh: '由身份证号得出', en: 'From the ID number' },
    derivedPending: { zh: '输入有效的身份证号后自动得出性别和出生日期', en: 'Gender and birth date follow from a valid ID number' },
    demands: { zh: '需求', en: 'Demands' },
    short: {
      wantsTraining: { zh: '培训', en: 'Training' },
      wantsTransfer: { zh: '转移就业', en: 'Transfer' },
      wantsEnterprise: { zh: '创业', en: 'Business' },
    },
    noDemand: { zh: '无', en: 'None' },
    timeline: { zh: '时间线', en: 'Timeline' },
    registry: { zh: '登记信息', en: 'Registry' },
    householdSearch: { zh: '输入户主姓名搜索', en: 'Type a head of household name' },
  },
  timeline: {
    born: { zh: '出生', en: 'Born' },
    registered: { zh: '登记为建档立卡贫困劳动力', en: 'Registered as a poor laborer' },
    updated: { zh: '登记信息最近修改', en: 'Registry last changed' },
    exited: { zh: '脱贫', en: 'Exited poverty' },
    householdExited: { zh: '所在户脱贫', en: 'Household exited poverty' },
    yearOnly: { zh: '%{year}年', en: 'In %{year}' },
    programmesLater: {
      zh: '培训、公益性岗位、贷款、就业和补贴发放记录将在相应模块上线后显示在这里。',
      en: 'Training, welfare posts, loans, employment and subsidy payments will appear here once those modules are available.',
    },
    empty: { zh: '暂无记录', en: 'Nothing recorded yet' },
  },
  household: {
    laborers: { zh: '家庭劳动力', en: 'Laborers of the household' },
  },
  validation: {
    idNumber: {
      LENGTH: { zh: '身份证号应为18位（已输入 %{count} 位）', en: 'The ID number has 18 characters (%{count} typed)' },
      CHARS: { zh: '身份证号前17位应为数字，最后一位为数字或X', en: 'The first 17 characters are digits, the last a digit or X' },
      REGION: { zh: '身份证号前6位地址码无效', en: 'The 6-digit region part is not a valid division code' },
      BIRTH_DATE: { zh: '身份证号中的出生日期无效', en: 'The birth date in the ID number is not a real date' },
      CHECKSUM: { zh: '身份证号有误，请对照身份证逐位核对', en: 'The ID number is wrong: check every digit against the ID card' },
    },
    exitYearRequired: { zh: '已脱贫时必须填写脱贫年度', en: 'The exit year is required when exited' },
    exitYearRange: { zh: '脱贫年度应在%{min}年至%{max}年之间', en: 'The exit year is between %{min} and %{max}' },
    phone: { zh: '联系电话应为11位手机号或带区号的固定电话', en: 'A phone is an 11-digit mobile number or a landline with its area code' },
  },
  dashboard: {
    welcome: { zh: '南充市建档立卡贫困劳动力登记与就业扶贫项目数据', en: "Nanchong city's registry of poor laborers and its employment programmes" },
    counties: { zh: '九个县(市、区)', en: 'The nine counties' },
    laborers: { zh: '劳动力', en: 'Laborers' },
    households: { zh: '贫困户', en: 'Households' },
    regions: { zh: '区划', en: 'Regions' },
    statsLater: { zh: '统计指标和图表将在统计接口上线后显示。', en: 'Indicators and charts will appear once the statistics API is available.' },
    poor: { zh: '贫困县', en: 'Poor county' },
  },
  graphiql: {
    title: { zh: 'GraphQL 查询', en: 'GraphQL explorer' },
    examples: { zh: '示例查询', en: 'Example queries' },
  },
  money: {
    yuan: { zh: '元', en: 'yuan' },
  },
  export: {
    tooMany: { zh: '只导出了前 %{max} 条', en: 'Only the first %{max} rows were exported' },
  },
};

/** Enum labels from the shared vocabulary: `fupin.enum.<Enum>.<VALUE>`. */
function enumLabels(lang: Lang) {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, v] of Object.entries(vocab)) {
    if (v && typeof v === 'object' && 'values' in v && 'labels' in v) {
      const labels = (v as { labels: Record<string, Pair> }).labels;
      out[name] = Object.fromEntries(Object.entries(labels).map(([k, l]) => [k, l[lang]]));
    }
  }
  return out;
}

const isPair = (v: Pair | Tree): v is Pair => 'zh' in v && typeof v.zh === 'string';

/** Both trees' keys; where both have a subtree, their keys merged (programmes.ts adds to `dashboard`, `menu`). */
function mergeTrees(a: Tree, b: Tree): Tree {
  const out: Tree = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const mine = out[k];
    out[k] = mine && !isPair(mine) && !isPair(v) ? mergeTrees(mine, v) : v;
  }
  return out;
}

function pick(tree: Tree, lang: Lang): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(tree).map(([k, v]) => [k, 'zh' in v && typeof v.zh === 'string' ? (v as Pair)[lang] : pick(v as Tree, lang)]),
  );
}

export function domainMessages(lang: Lang) {
  return {
    resources: pick(withMoneyUnits(mergeTrees(mergeTrees(mergeTrees(mergeTrees(resources, programmeResources), reportResources), lifecycleResources), uxResources)), lang),
    fupin: { ...pick(mergeTrees(mergeTrees(mergeTrees(mergeTrees(mergeTrees(app, programmeApp), reportApp), lifecycleApp), importApp), uxApp), lang), enum: enumLabels(lang) },
  };
}
