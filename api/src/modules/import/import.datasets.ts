import { Education, EmploymentChannel, EmploymentKind, Sector, TargetIndicator } from '@fupin/schema';

/**
 * The importable datasets, declared once: the template, the column matching, the cell parsing, the
 * preview and the export all follow from these declarations.
 */

export type ColumnType = 'TEXT' | 'ID_NUMBER' | 'PHONE' | 'DATE' | 'BOOLEAN' | 'INTEGER' | 'MONEY' | 'ENUM' | 'REGION' | 'REFERENCE';

interface Vocab {
  values: readonly string[];
  labels: Record<string, { zh: string; en: string }>;
}

export interface ColumnDef {
  /** The API's field (argument) name. */
  field: string;
  /** The template's header. */
  label: string;
  /** Other headers real sheets use for it. */
  synonyms?: string[];
  type: ColumnType;
  required?: boolean;
  /** Part of the natural key. */
  key?: boolean;
  vocab?: Vocab;
  /** The 填写说明 text. */
  rule: string;
  example?: string;
  width?: number;
  /** Written by the export and the template for the reader, ignored on import (e.g. the village's name). */
  informational?: boolean;
  /**
   * Where the export reads it in a record of the dataset's list query (default: the field itself); one
   * level of nesting (`laborer.idNumber`), selected as a sub-selection the list resolves with its loaders.
   */
  from?: string;
  /** Decimals a MONEY column keeps (default 2, yuan): a rate such as 0.0435 needs 4. */
  decimals?: number;
}

export type ImportDataset = 'LABORERS' | 'ENROLLMENTS' | 'EMPLOYMENTS' | 'WELFARE_PLACEMENTS' | 'GUARANTEED_LOANS' | 'DREAM_SCHOOLINGS' | 'ENTERPRISES' | 'SUBSIDY_PAYMENTS' | 'TARGETS';

export interface DatasetDef {
  dataset: ImportDataset;
  label: string;
  columns: ColumnDef[];
  defaultAtomicity: 'ALL_OR_NOTHING' | 'VALID_ONLY';
  /** GraphQL type of one record (export, audit). */
  type: string;
  /**
   * Only city administrators import it (its mutations are ADMIN): the import runs the mutations without
   * the HTTP layer's access check, so the upload checks this.
   */
  cityAdminOnly?: boolean;
}

const ID_NUMBER_SYNONYMS = ['身份证号码', '公民身份号码', '公民身份证号', '证件号码', '身份证', 'idNumber', '身份证号(18位)'];
const BOOL_RULE = '填“是”或“否”（也可填√/×、1/0）';
const DATE_RULE = '日期，如2017-06-30（也可写2017/6/30、2017.6.30、2017年6月30日、20170630）';

const ID_NUMBER: ColumnDef = {
  field: 'idNumber',
  label: '身份证号',
  synonyms: ID_NUMBER_SYNONYMS,
  type: 'ID_NUMBER',
  required: true,
  key: true,
  rule: '18位居民身份证号，末位可为X。身份证号列为文本格式，请勿改为数值（Excel会丢失15位以后的数字）',
  example: '511321198001152318',
  width: 22,
};

/** The laborer a programme record belongs to, named by ID number (the export reads it from the record's laborer). */
const LABORER_ID: ColumnDef = { ...ID_NUMBER, from: 'laborer.idNumber' };

export const LABORERS: DatasetDef = {
  dataset: 'LABORERS',
  label: '贫困户及劳动力',
  type: 'Laborer',
  defaultAtomicity: 'ALL_OR_NOTHING',
  columns: [
    { field: 'villageId', label: '所在村代码', synonyms: ['村代码', '行政区划代码', '村级代码', '村编码', 'villageId', 'villageCode'], type: 'REGION', required: true, key: true, rule: '12位村（社区）区划代码，须在您的管辖范围内', example: '511321101201', width: 16 },
    { field: 'villageName', label: '所在村', synonyms: ['村', '村名', '行政村', '村（社区）'], type: 'TEXT', informational: true, rule: '村名，仅供阅读（以村代码为准）', example: '某某村', width: 14 },
    { field: 'headIdNumber', label: '户主身份证号', synonyms: ['户主身份证号码', '户主证件号码', 'headIdNumber'], type: 'ID_NUMBER', key: true, rule: '户主的身份证号（户主不是劳动力时，填本户一名劳动力的身份证号）：与所在村代码一起确定贫困户；同一户各行相同。新增劳动力必填', example: '511321195501012311', width: 22 },
    { field: 'headName', label: '户主姓名', synonyms: ['户主', 'headName'], type: 'TEXT', required: true, rule: '户主姓名，最多32字', example: '张德明', width: 10 },
    { field: 'memberCount', label: '家庭人口', synonyms: ['家庭人口数', '家庭成员数', '人口数', 'memberCount'], type: 'INTEGER', required: true, rule: '1到30的整数', example: '4', width: 9 },
    { field: 'helperName', label: '帮扶责任人', synonyms: ['帮扶人', 'helperName'], type: 'TEXT', rule: '可空', example: '李干部', width: 10 },
    { field: 'name', label: '姓名', synonyms: ['劳动力姓名', '成员姓名', 'name'], type: 'TEXT', required: true, rule: '最多32字，不能只有空格或不可见字符', example: '张三', width: 10 },
    ID_NUMBER,
    { field: 'phone', label: '联系电话', synonyms: ['电话', '手机', '手机号', '手机号码', '联系方式', 'phone'], type: 'PHONE', rule: '11位手机号或带区号的固定电话；文本格式', example: '13800000001', width: 14 },
    { field: 'education', label: '文化程度', synonyms: ['学历', '受教育程度', 'education'], type: 'ENUM', vocab: Education, rule: `从下拉列表选择：${Education.values.map((v) => Education.labels[v].zh).join('、')}`, example: '初中', width: 12 },
    { field: 'skills', label: '技能', synonyms: ['技能特长', '专业技能', 'skills'], type: 'TEXT', rule: '可空，最多200字', example: '电焊', width: 14 },
    { field: 'wantsTraining', label: '培训需求', synonyms: ['是否有培训需求', '有培训需求', 'wantsTraining'], type: 'BOOLEAN', rule: BOOL_RULE, example: '是', width: 9 },
    { field: 'wantsTransfer', label: '转移就业需求', synonyms: ['是否有转移就业需求', 'wantsTransfer'], type: 'BOOLEAN', rule: BOOL_RULE, example: '否', width: 11 },
    { field: 'wantsEnterprise', label: '创业需求', synonyms: ['是否有创业需求', 'wantsEnterprise'], type: 'BOOLEAN', rule: BOOL_RULE, example: '否', width: 9 },
    // The poverty status is not a column: registry events own it (a verified exit, issue #12). The
    // registration date is used for new laborers and households only (their 建档立卡 event).
    { field: 'registeredOn', label: '建档立卡日期', synonyms: ['建档日期', '建档立卡时间', 'registeredOn'], type: 'DATE', rule: `新增时使用，空为导入当天；不能早于2014年或晚于今天；${DATE_RULE}`, example: '2016-03-01', width: 12 },
  ],
};

export const ENROLLMENTS: DatasetDef = {
  dataset: 'ENROLLMENTS',
  label: '培训报名',
  type: 'Enrollment',
  defaultAtomicity: 'VALID_ONLY',
  columns: [
    { field: 'classId', label: '培训班编号', synonyms: ['培训班ID', '班级编号', 'classId'], type: 'REFERENCE', required: true, key: true, rule: '培训班的编号（在“培训班”列表中查看）', example: '12', width: 12 },
    { field: 'name', label: '姓名', synonyms: ['学员姓名', 'name'], type: 'TEXT', informational: true, from: 'laborer.name', rule: '仅供阅读（以身份证号为准）', example: '张三', width: 10 },
    LABORER_ID,
    { field: 'enrolledOn', label: '报名日期', synonyms: ['报名时间', 'enrolledOn'], type: 'DATE', required: true, rule: DATE_RULE, example: '2017-03-01', width: 12 },
    { field: 'completed', label: '是否结业', synonyms: ['结业', 'completed'], type: 'BOOLEAN', rule: BOOL_RULE, example: '是', width: 9 },
    { field: 'completedOn', label: '结业日期', synonyms: ['结业时间', 'completedOn'], type: 'DATE', rule: `结业时必填；${DATE_RULE}`, example: '2017-03-20', width: 12 },
    { field: 'certificateNo', label: '证书编号', synonyms: ['结业证书编号', 'certificateNo'], type: 'TEXT', rule: '结业时可填', example: 'ZS2017001', width: 14 },
    { field: 'employedAfterTraining', label: '培训后就业', synonyms: ['是否就业', '培训后是否就业', 'employedAfterTraining'], type: 'BOOLEAN', rule: `结业时可填；${BOOL_RULE}`, example: '否', width: 11 },
  ],
};

export const EMPLOYMENTS: DatasetDef = {
  dataset: 'EMPLOYMENTS',
  label: '就业记录',
  type: 'Employment',
  defaultAtomicity: 'VALID_ONLY',
  columns: [
    { field: 'name', label: '姓名', synonyms: ['name'], type: 'TEXT', informational: true, from: 'laborer.name', rule: '仅供阅读（以身份证号为准）', example: '张三', width: 10 },
    LABORER_ID,
    { field: 'kind', label: '就业类型', synonyms: ['就业方式', 'kind'], type: 'ENUM', vocab: EmploymentKind, required: true, key: true, rule: `${EmploymentKind.values.map((v) => EmploymentKind.labels[v].zh).join('或')}`, example: EmploymentKind.labels.TRANSFER.zh, width: 10 },
    { field: 'channel', label: '就业渠道', synonyms: ['渠道', 'channel'], type: 'ENUM', vocab: EmploymentChannel, required: true, rule: `从下拉列表选择：${EmploymentChannel.values.map((v) => EmploymentChannel.labels[v].zh).join('、')}`, example: EmploymentChannel.labels[EmploymentChannel.values[0]].zh, width: 14 },
    { field: 'employer', label: '就业单位', synonyms: ['用工单位', '单位', 'employer'], type: 'TEXT', required: true, rule: '最多100字', example: '某某公司', width: 18 },
    { field: 'place', label: '就业地点', synonyms: ['务工地点', '地点', 'place'], type: 'TEXT', required: true, rule: '最多100字', example: '广东省深圳市', width: 16 },
    { field: 'startDate', label: '开始日期', synonyms: ['就业时间', '务工时间', 'startDate'], type: 'DATE', required: true, key: true, rule: DATE_RULE, example: '2017-02-10', width: 12 },
    { field: 'endDate', label: '结束日期', synonyms: ['endDate'], type: 'DATE', rule: `可空；${DATE_RULE}`, example: '', width: 12 },
  ],
};

const NAME: ColumnDef = { field: 'name', label: '姓名', synonyms: ['name'], type: 'TEXT', informational: true, from: 'laborer.name', rule: '仅供阅读（以身份证号为准）', example: '张三', width: 10 };
const vocabRule = (v: { values: readonly string[]; labels: Record<string, { zh: string }> }) => `从下拉列表选择：${v.values.map((x) => v.labels[x].zh).join('、')}`;

export const WELFARE_PLACEMENTS: DatasetDef = {
  dataset: 'WELFARE_PLACEMENTS',
  label: '公益性岗位安置',
  type: 'WelfarePlacement',
  defaultAtomicity: 'VALID_ONLY',
  columns: [
    { field: 'postId', label: '岗位编号', synonyms: ['岗位ID', 'postId'], type: 'REFERENCE', required: true, key: true, rule: '公益性岗位的编号（在“公益性岗位”列表中查看）', example: '8', width: 10 },
    NAME,
    LABORER_ID,
    { field: 'startDate', label: '上岗日期', synonyms: ['上岗时间', '开始日期', 'startDate'], type: 'DATE', required: true, key: true, rule: DATE_RULE, example: '2017-01-01', width: 12 },
    { field: 'endDate', label: '离岗日期', synonyms: ['结束日期', 'endDate'], type: 'DATE', rule: `可空（不含当日）；${DATE_RULE}`, example: '', width: 12 },
  ],
};

export const GUARANTEED_LOANS: DatasetDef = {
  dataset: 'GUARANTEED_LOANS',
  label: '贴息贷款',
  type: 'GuaranteedLoan',
  defaultAtomicity: 'VALID_ONLY',
  columns: [
    NAME,
    LABORER_ID,
    { field: 'appliedOn', label: '申请日期', synonyms: ['申请时间', 'appliedOn'], type: 'DATE', required: true, key: true, rule: DATE_RULE, example: '2017-03-01', width: 12 },
    { field: 'purpose', label: '贷款用途', synonyms: ['用途', '行业', 'purpose'], type: 'ENUM', vocab: Sector, required: true, rule: vocabRule(Sector), example: Sector.labels[Sector.values[0]].zh, width: 12 },
    { field: 'bank', label: '贷款银行', synonyms: ['银行', 'bank'], type: 'TEXT', required: true, rule: '最多100字', example: '农村信用社', width: 14 },
    { field: 'amount', label: '贷款金额', synonyms: ['金额', '贷款金额(元)', 'amount'], type: 'MONEY', required: true, rule: '元，大于0且不超过100万，可带“元”和千分位', example: '50,000元', width: 12 },
    { field: 'termMonths', label: '期限（月）', synonyms: ['期限', '贷款期限', 'termMonths'], type: 'INTEGER', required: true, rule: '1到120的整数', example: '36', width: 10 },
    { field: 'annualRate', label: '年利率', synonyms: ['利率', 'annualRate'], type: 'MONEY', decimals: 4, required: true, rule: '小数，最多4位，如0.0435表示4.35%', example: '0.0435', width: 10 },
  ],
};

export const DREAM_SCHOOLINGS: DatasetDef = {
  dataset: 'DREAM_SCHOOLINGS',
  label: '圆梦行动',
  type: 'DreamSchooling',
  defaultAtomicity: 'VALID_ONLY',
  columns: [
    NAME,
    LABORER_ID,
    { field: 'intakeYear', label: '入学年份', synonyms: ['入学年度', 'intakeYear'], type: 'INTEGER', required: true, key: true, rule: '2014年到明年', example: '2017', width: 10 },
    { field: 'school', label: '就读学校', synonyms: ['学校', 'school'], type: 'TEXT', required: true, rule: '最多100字', example: '南充职业技术学院', width: 18 },
    { field: 'major', label: '专业', synonyms: ['major'], type: 'TEXT', required: true, rule: '最多100字', example: '数控技术', width: 14 },
    { field: 'tuitionWaived', label: '免学费', synonyms: ['是否免学费', 'tuitionWaived'], type: 'BOOLEAN', rule: BOOL_RULE, example: '是', width: 8 },
    { field: 'livingSubsidyPerTerm', label: '每学期生活补助', synonyms: ['生活补助', 'livingSubsidyPerTerm'], type: 'MONEY', rule: '元，0或以上', example: '1,500', width: 14 },
  ],
};

export const ENTERPRISES: DatasetDef = {
  dataset: 'ENTERPRISES',
  label: '创业实体',
  type: 'Enterprise',
  defaultAtomicity: 'VALID_ONLY',
  columns: [
    { field: 'founderName', label: '创办人姓名', synonyms: ['创办人'], type: 'TEXT', informational: true, from: 'laborer.name', rule: '仅供阅读（以身份证号为准）', example: '张三', width: 10 },
    LABORER_ID,
    { field: 'name', label: '实体名称', synonyms: ['企业名称', '名称'], type: 'TEXT', required: true, key: true, rule: '最多100字', example: '张三养殖场', width: 18 },
    { field: 'sector', label: '行业', synonyms: ['所属行业', 'sector'], type: 'ENUM', vocab: Sector, required: true, rule: vocabRule(Sector), example: Sector.labels[Sector.values[0]].zh, width: 12 },
    { field: 'startedOn', label: '创办日期', synonyms: ['成立日期', 'startedOn'], type: 'DATE', required: true, rule: DATE_RULE, example: '2017-04-01', width: 12 },
    { field: 'employees', label: '从业人数', synonyms: ['带动人数', 'employees'], type: 'INTEGER', rule: '含创办人，至少1人', example: '3', width: 10 },
  ],
};

export const SUBSIDY_PAYMENTS: DatasetDef = {
  dataset: 'SUBSIDY_PAYMENTS',
  label: '补贴申请',
  type: 'SubsidyPayment',
  defaultAtomicity: 'VALID_ONLY',
  columns: [
    { field: 'policyId', label: '政策编号', synonyms: ['政策ID', 'policyId'], type: 'REFERENCE', required: true, key: true, rule: '补贴政策的编号（在“补贴政策”列表中查看）', example: '3', width: 10 },
    NAME,
    LABORER_ID,
    { field: 'recordId', label: '项目记录编号', synonyms: ['记录编号', 'recordId'], type: 'REFERENCE', required: true, rule: '该劳动力在政策所属项目中的记录编号（培训报名、岗位安置、贷款等）', example: '120', width: 12 },
    { field: 'period', label: '所属期', synonyms: ['期间', 'period'], type: 'TEXT', required: true, key: true, rule: '按月：2017-03；按学期：2017-T1/2017-T2；其他：2017', example: '2017-03', width: 10 },
    { field: 'amount', label: '申请金额', synonyms: ['金额', 'amount'], type: 'MONEY', required: true, rule: '元，不超过政策标准', example: '300', width: 10 },
    { field: 'appliedOn', label: '申请日期', synonyms: ['appliedOn'], type: 'DATE', rule: `空为今天；${DATE_RULE}`, example: '2017-03-05', width: 12 },
  ],
};

/** Yearly targets (年度目标任务), set by the city: one row per region, year and indicator (createTarget / updateTarget). */
export const TARGETS: DatasetDef = {
  dataset: 'TARGETS',
  label: '年度目标任务',
  type: 'Target',
  defaultAtomicity: 'ALL_OR_NOTHING',
  cityAdminOnly: true,
  columns: [
    { field: 'regionId', label: '地区代码', synonyms: ['区划代码', '行政区划代码', '下达地区代码', 'regionId', 'regionCode'], type: 'REGION', required: true, key: true, rule: '12位区划代码：南充市、县（市、区）或乡镇（街道），不下达到村', example: '511321000000', width: 16 },
    { field: 'regionName', label: '地区', synonyms: ['下达地区', '地区名称', '单位'], type: 'TEXT', informational: true, from: 'region.name', rule: '地区名称，仅供阅读（以地区代码为准）', example: '南部县', width: 12 },
    { field: 'year', label: '年度', synonyms: ['年份', 'year'], type: 'INTEGER', required: true, key: true, rule: '年度，如2017', example: '2017', width: 8 },
    { field: 'indicator', label: '指标', synonyms: ['目标指标', '任务指标', 'indicator'], type: 'ENUM', vocab: TargetIndicator, required: true, key: true, rule: vocabRule(TargetIndicator), example: TargetIndicator.labels.TRAINED.zh, width: 14 },
    { field: 'value', label: '目标值', synonyms: ['年度目标', '目标任务', '任务数', 'value'], type: 'MONEY', required: true, rule: '全年目标，大于0：人数、个数，或补贴资金支出的元（可带千分位）', example: '5,000', width: 12 },
    { field: 'note', label: '备注', synonyms: ['说明', 'note'], type: 'TEXT', rule: '可空，最多200字', example: '市级下达', width: 16 },
  ],
};

export const DATASETS: Record<ImportDataset, DatasetDef> = { LABORERS, ENROLLMENTS, EMPLOYMENTS, WELFARE_PLACEMENTS, GUARANTEED_LOANS, DREAM_SCHOOLINGS, ENTERPRISES, SUBSIDY_PAYMENTS, TARGETS };

/** A header as compared: NFKC, no spaces, brackets and their content (units, notes) dropped, lower case. */
export function headerKey(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase();
}

/** Header text → field, from labels, synonyms and English field names. */
export function headerIndex(def: DatasetDef): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of def.columns) {
    for (const h of [c.label, c.field, ...(c.synonyms ?? [])]) if (!m.has(headerKey(h))) m.set(headerKey(h), c.field);
  }
  return m;
}

/** The shape of a header row (what a saved mapping is remembered by). */
export function headerShape(headers: string[]): string {
  return headers.map(headerKey).join('|');
}
