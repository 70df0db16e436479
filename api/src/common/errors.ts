import {
  CheckConstraintViolationException,
  DriverException,
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

/**
 * Every error a client can branch on has a code here. Messages are rendered per request language
 * (Chinese unless the client asks for English) from the code, the field and a few non-personal params:
 * no value a clerk typed (an ID number, a phone) is ever echoed back or logged.
 */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: { zh: '{field}不符合要求{detail}', en: '{field} is invalid{detail}' },
  REQUIRED: { zh: '{field}不能为空', en: '{field} is required' },
  INVALID_ID_NUMBER: { zh: '身份证号无效：{detail}', en: 'Invalid resident ID number: {detail}' },
  DUPLICATE: { zh: '{field}已存在，不能重复登记', en: '{field} already exists' },
  NOT_FOUND: { zh: '{field}不存在', en: '{field} not found' },
  INVALID_REFERENCE: { zh: '{field}指向的记录不存在', en: '{field} refers to a record that does not exist' },
  PAGE_SIZE_EXCEEDED: { zh: '每页最多{max}条', en: 'At most {max} rows per page' },
  INVALID_SORT: { zh: '不能按{field}排序', en: 'Cannot sort by {field}' },
  IN_USE: { zh: '{field}仍被其他记录引用，不能删除', en: '{field} is still referenced and cannot be deleted' },
  QUERY_TIMEOUT: { zh: '查询用时过长已停止，请缩小范围后重试', en: 'The request took too long and was stopped: narrow it and try again' },
  HAS_REGISTRY_EVENTS: {
    zh: '{field}已有进出记录（建档立卡等），不能删除：人员或户减少请登记"自然减少"',
    en: '{field} has registry events and cannot be deleted: record a leaving (自然减少, LEFT) instead',
  },
  ILLEGAL_TRANSITION: { zh: '状态不能从{from}变为{to}', en: 'Status cannot change from {from} to {to}' },
  CONFLICT: { zh: '{field}冲突{detail}', en: '{field} conflicts{detail}' },
  // Without a detail (the database's own check): the short form. With one, which case and the numbers.
  BUDGET_EXCEEDED: { zh: '超出{field}年度预算{detail}', en: 'Exceeds the yearly budget of {field}{detail}' },
  AMOUNT_EXCEEDS_RULE: { zh: '金额超过政策标准{max}元', en: 'Amount exceeds the policy rule of {max} yuan' },
  UNAUTHENTICATED: { zh: '请先登录{detail}', en: 'Please sign in{detail}' },
  FORBIDDEN: { zh: '无权执行此操作{detail}', en: 'Not allowed{detail}' },
  LIMIT_EXCEEDED: { zh: '请求超出限制{detail}（上限{max}）', en: 'Request exceeds a limit{detail} (at most {max})' },
  IMPORT_FILE_TYPE: { zh: '文件类型不支持：请上传.xlsx或.csv文件', en: 'Unsupported file type: upload an .xlsx or .csv file' },
  IMPORT_FILE_TOO_LARGE: { zh: '文件过大（上限{max}字节）', en: 'The file is too large (at most {max} bytes)' },
  IMPORT_TOO_MANY_ROWS: { zh: '文件行数过多（上限{max}行），请拆分后分批导入', en: 'Too many rows (at most {max}): split the file' },
  IMPORT_TOO_MANY_COLUMNS: { zh: '文件列数过多（上限{max}列）', en: 'Too many columns (at most {max})' },
  IMPORT_ZIP_BOMB: { zh: '文件解压后过大或压缩比异常（上限{max}字节），已拒绝', en: 'The file expands beyond the limit or its compression ratio is abnormal (at most {max} bytes): refused' },
  IMPORT_NO_HEADER: { zh: '未找到表头行：请使用模板，表头需包含{detail}', en: 'No header row found: use the template; the header must contain {detail}' },
  IMPORT_BAD_FILE: { zh: '文件无法读取{detail}', en: 'The file cannot be read{detail}' },
  IMPORT_ID_AS_NUMBER: { zh: '{field}被Excel存成了数值，后几位已丢失：请将该列设为文本格式后重新录入', en: '{field} was stored by Excel as a number and lost its last digits: format the column as text and type it again' },
  IMPORT_UNKNOWN_VALUE: { zh: '{field}的取值无法识别，请在导入中心对应到标准值', en: '{field} has a value the hub does not know: map it to a standard value in the import centre' },
  IMPORT_HAS_REFUSALS: { zh: '有{max}行未通过校验：全部导入模式下不能提交，请修正后重新上传或改为仅导入有效行', en: '{max} rows were refused: an all-or-nothing commit is not possible; fix the file or import valid rows only' },
  IMPORT_STATE: { zh: '该批次当前状态为{from}，不能{to}', en: 'The batch is {from}: cannot {to}' },
  IMPORT_INTERRUPTED: { zh: '任务被中断（服务重启），未写入任何数据，请重新提交', en: 'The job was interrupted (the hub restarted); nothing was written: submit it again' },
  IMPORT_TEMPLATE_MISMATCH: {
    zh: '工作表“{sheet}”来自“{template}”导入模板，不是所选的“{dataset}”：请改选“{template}”导入，或下载“{dataset}”模板填写',
    en: 'Sheet "{sheet}" comes from the import template of "{template}", not the chosen "{dataset}": import it as "{template}", or download the template of "{dataset}"',
  },
  IMPORT_TEMPLATE_VERSION: {
    zh: '文件用的是第{from}版“{template}”模板（当前为第{to}版）：各列已按表头对应，请核对列对应后再提交，今后请下载新模板',
    en: 'The file uses version {from} of the "{template}" template (the current one is {to}): columns were matched by their headers; check the mapping before committing and download the new template next time',
  },
  IMPORT_DISCARDED: { zh: '该批次已放弃', en: 'The batch was discarded' },
  IMPORT_INVISIBLE: { zh: '{field}只包含不可见字符', en: '{field} contains only invisible characters' },
  DUPLICATE_IN_FILE: { zh: '{field}在文件中重复出现（第{max}行已有）', en: '{field} appears twice in the file (already in row {max})' },
  OUT_OF_SCOPE: { zh: '{field}不在您的管辖范围内', en: '{field} is outside your region' },
  CSRF_REQUIRED: { zh: '请求缺少防跨站伪造请求头（x-hub-csrf）', en: 'The request lacks the anti-CSRF header (x-hub-csrf)' },
  INTERNAL_SERVER_ERROR: { zh: '服务器内部错误，请稍后重试', en: 'Internal server error, please retry later' },
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
export type Lang = 'zh' | 'en';

/** Names of fields as a clerk knows them. Modules add theirs with `registerFieldLabels`. */
const FIELD_LABELS: Record<string, { zh: string; en: string }> = {
  id: { zh: '记录', en: 'Record' },
  perPage: { zh: '每页条数', en: 'Page size' },
  page: { zh: '页码', en: 'Page' },
  sortField: { zh: '排序字段', en: 'Sort field' },
};

export function registerFieldLabels(labels: Record<string, { zh: string; en: string }>): void {
  Object.assign(FIELD_LABELS, labels);
}

/** A field's name as a clerk knows it (the field itself when it has none). */
export function fieldLabel(field: string, lang: Lang = 'zh'): string {
  return FIELD_LABELS[field]?.[lang] ?? field;
}

/**
 * Database constraint name -> the GraphQL field it guards (and, for rules enforced by triggers, the
 * code to answer with), so a violation caught by the database reads like one caught by the service.
 */
type ConstraintTarget = string | { field?: string; code: ErrorCode; params?: Params };
const CONSTRAINT_FIELDS: Record<string, ConstraintTarget> = {};
export function registerConstraintFields(map: Record<string, ConstraintTarget>): void {
  Object.assign(CONSTRAINT_FIELDS, map);
}

type Params = Record<string, string | number>;

export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    readonly field?: string,
    readonly params: Params = {},
  ) {
    super(renderMessage(code, 'zh', field, params), { extensions: { code, ...(field ? { field } : {}), ...(Object.keys(params).length ? { params } : {}) } });
  }
}

/** Detail texts used in `{detail}` for both languages. */
const DETAILS: Record<string, { zh: string; en: string }> = {
  LENGTH: { zh: '应为18位', en: 'must be 18 characters' },
  CHARS: { zh: '前17位应为数字，最后一位为数字或X', en: 'the first 17 characters must be digits, the last a digit or X' },
  REGION: { zh: '前6位地址码无效', en: 'the 6-digit region part is not a valid division code' },
  BIRTH_DATE: { zh: '出生日期无效', en: 'the birth date is not a real date' },
  // Never the "right" check character: a clerk who mistyped a middle digit would change the last one to fit.
  CHECKSUM: { zh: '号码有误，请对照身份证逐位核对', en: 'the number is wrong: check every digit against the ID card' },
};
export function registerDetails(d: Record<string, { zh: string; en: string }>): void {
  Object.assign(DETAILS, d);
}

export function renderMessage(code: ErrorCode, lang: Lang, field?: string, params: Params = {}): string {
  const template: string = ERROR_MESSAGES[code][lang];
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) values[k] = DETAILS[String(v)]?.[lang] ?? String(v);
  values.field = field ? (FIELD_LABELS[field]?.[lang] ?? field) : lang === 'zh' ? '输入' : 'Input';
  values.detail = values.detail ? (lang === 'zh' ? `：${values.detail}` : `: ${values.detail}`) : '';
  // A detail may name the other params ({county}, {year}...): fill them in too.
  values.detail = values.detail.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined) return '';
    // Amounts with thousands separators (1,500); a year stays 2017.
    return typeof v === 'number' && k !== 'year' ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(v);
  });
  if (code === 'BUDGET_EXCEEDED' && params.county) return values.detail.replace(/^[：:] ?/, '');
  if (code === 'INVALID_ID_NUMBER') values.detail = values.detail.replace(/^[：:] ?/, '');
  return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}

/** Turns a database exception into a coded error; anything unknown stays internal. */
export function fromDatabaseError(e: unknown): AppError | undefined {
  // 57014: the statement timeout (or a cancel) stopped it, through the ORM or through plain SQL (a pg
  // error then, not a DriverException): the client may retry or narrow the request.
  if ((e as { code?: string } | null)?.code === '57014') return new AppError('QUERY_TIMEOUT');
  if (!(e instanceof DriverException)) return undefined;
  const constraint = (e as { constraint?: string }).constraint;
  const target = constraint ? CONSTRAINT_FIELDS[constraint] : undefined;
  if (target && typeof target === 'object') return new AppError(target.code, target.field, target.params);
  const field = target || (e as { column?: string }).column;
  // 23P01: an exclusion constraint (two overlapping periods).
  if ((e as { code?: string }).code === '23P01') return new AppError('CONFLICT', field, { detail: 'OVERLAP' });
  if (e instanceof UniqueConstraintViolationException) return new AppError('DUPLICATE', field);
  if (e instanceof ForeignKeyConstraintViolationException) {
    // On DELETE the referencing row is elsewhere: the record is in use. On write, the reference is bad.
    return /update or delete on table/.test(e.message) ? new AppError('IN_USE', 'id') : new AppError('INVALID_REFERENCE', field);
  }
  if (e instanceof NotNullConstraintViolationException) return new AppError('REQUIRED', field);
  if (e instanceof CheckConstraintViolationException) return new AppError('VALIDATION_FAILED', field);
  return undefined;
}

/**
 * Apollo's `formatError`: coded errors pass with their code and field; database constraint violations
 * become coded errors; anything else is logged and answered with a generic message, never a stack
 * trace or SQL.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, opts: { log: (e: unknown) => void; dev: boolean }): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const app = appErrorIn(original);
  if (app) {
    // `http` sets the response status; it is not for the client.
    const { http: _http, ...extensions } = app.extensions as Record<string, unknown>;
    return { ...formatted, message: app.message, extensions };
  }
  // graphql-js words it "more that" in some versions.
  const tokens = /Document contains more tha[nt] (\d+) tokens/.exec(formatted.message);
  if (tokens && formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED') {
    const e = new AppError('LIMIT_EXCEEDED', undefined, { detail: 'TOKENS', max: Number(tokens[1]) });
    return { message: e.message, extensions: { ...e.extensions } };
  }
  const mapped = fromDatabaseError(original);
  if (mapped) return { ...formatted, message: mapped.message, extensions: { ...mapped.extensions } };
  const code = formatted.extensions?.code;
  // Apollo's own request errors (parse, validation, bad variables) are safe to pass through, less the stack.
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  opts.log(original);
  return {
    message: ERROR_MESSAGES.INTERNAL_SERVER_ERROR.zh,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...(opts.dev && original instanceof Error ? { detail: original.message } : {}) },
  };
}

/** The coded error itself, or the one a request-level error (validation, a plugin) wraps. */
function appErrorIn(e: unknown): AppError | undefined {
  for (let x = e, i = 0; x && i < 3; x = (x as { originalError?: unknown }).originalError, i++) if (x instanceof AppError) return x;
  return undefined;
}

/** Re-renders coded messages in the request's language (formatError runs before the language is known). */
export function localizeErrors(errors: readonly GraphQLFormattedError[], lang: Lang): GraphQLFormattedError[] {
  return errors.map((e) => {
    const code = e.extensions?.code as string | undefined;
    if (!code || !(code in ERROR_MESSAGES)) return e;
    if (lang === 'zh' && code !== 'INTERNAL_SERVER_ERROR') return e;
    const field = e.extensions?.field as string | undefined;
    const params = (e.extensions?.params ?? {}) as Params;
    return { ...e, message: renderMessage(code as ErrorCode, lang, field, params) };
  });
}

export function langOf(acceptLanguage: string | undefined, fallback: Lang): Lang {
  if (!acceptLanguage) return fallback;
  const first = acceptLanguage.split(',')[0].trim().toLowerCase();
  if (first.startsWith('en')) return 'en';
  if (first.startsWith('zh')) return 'zh';
  return fallback;
}

registerDetails({
  REGION_CODE: { zh: '应为12位区划代码', en: 'must be a 12-digit division code' },
  URBAN_NOT_POOR: { zh: '城市社区不能标记为贫困村', en: "an urban residents' committee cannot be a poor village" },
  POOR_LEVEL: { zh: '只有县和村可以标记为贫困', en: 'only counties and villages can be poor' },
});

registerDetails({
  TOO_LONG: { zh: '过长', en: 'too long' },
  FORMULA: { zh: '不能以 = + - @ 开头', en: 'must not start with = + - @' },
  PHONE: { zh: '应为11位手机号或带区号的固定电话', en: 'must be an 11-digit mobile number or a landline with area code' },
  EXIT_YEAR_WHILE_POOR: { zh: '未脱贫时不能填写脱贫年度', en: 'must be empty while the status is POOR' },
  EXIT_YEAR_RANGE: { zh: '应在2014年到今年之间', en: 'must be from 2014 to this year' },
});

registerDetails({ OVERLAP: { zh: '时间段与已有记录重叠', en: 'the period overlaps an existing record' } });
registerDetails({
  DEPTH: { zh: '嵌套层数', en: 'nesting depth' },
  ALIASES: { zh: '别名数量', en: 'aliases' },
  DIRECTIVES: { zh: '指令数量', en: 'directives' },
  TOKENS: { zh: '词法单元数量', en: 'tokens' },
  COST: { zh: '查询成本', en: 'query cost' },
  RESULT_SIZE: { zh: '预计返回对象数量', en: 'estimated objects in the response' },
  BODY_SIZE: { zh: '请求体字节数', en: 'request body bytes' },
});

registerDetails({ MEMBERS: { zh: '应为1到30之间的整数', en: 'must be a whole number from 1 to 30' } });
