import {
  FUNNEL_STEP_KEYS,
  FUNNEL_STEPS,
  type IndicatorKey,
  indicatorInfo,
  IndicatorUnitLabels,
  type Lang,
  TARGET_INDICATORS,
  TargetStatus,
} from '@fupin/schema';
import type { Context } from '../../context';
import { AppError } from '../../common/errors';
import { FunnelService, funnelSteps, type FunnelStepRow } from '../funnel/funnel.service';
import type { Region } from '../region/region.entity';
import { RegionService } from '../region/region.service';
import { type IndicatorValues, indicatorValues, resolvePeriod, StatsService, toCounters } from '../stats/stats.service';
import { rankLeague, supervisionList, type TargetLeagueEntry } from '../targets/target.resolver';
import { paceOf, type Progress, TargetService } from '../targets/target.service';
import { REPORT_SECTIONS } from './report.sections';

/** A column of a report table: an indicator, or (targets, funnel) a computed figure. */
export interface ReportColumn {
  key: string;
  label: string;
  /** Unit label (人, 元, % ...); RATIO values are fractions shown as percentages. */
  unit: string;
  ratio: boolean;
}

export interface ReportRow {
  code: string;
  name: string;
  values: (number | null)[];
  /** Text cells (a target's status), by column index. */
  texts?: (string | null)[];
}

export interface ReportTable {
  columns: ReportColumn[];
  rows: ReportRow[];
  total: ReportRow;
}

export interface ReportSection {
  key: string;
  title: string;
  paragraphs: string[];
  table: ReportTable;
}

export interface MonthlyReport {
  region: Region;
  month: string;
  asOf: string;
  year: number;
  generatedAt: Date;
  title: string;
  /** The headline figures in sentences (the first sentence of each programme's section). */
  summary: string[];
  sections: ReportSection[];
  progress: Progress[];
  supervision: (Progress & { name: string })[];
  /** The children ranked by their pace on their targets (counties of the city, townships of a county). */
  league: TargetLeagueEntry[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

// ---------- numbers in the article's style ----------

/** A count as the article writes it: 24331; 17.02万 when at least 10,000 and exact in hundreds. */
export function wan(n: number): string {
  if (Math.abs(n) >= 10_000 && n % 100 === 0) return `${Number((n / 10_000).toFixed(2))}万`;
  return String(Math.round(n));
}

/** Yuan as the article writes it: 1500万元, 226万元, 17万元; else yuan with up to two decimals. */
export function yuan(n: number): string {
  if (n !== 0 && Math.abs(n) >= 10_000 && Math.round(n) % 100 === 0) return `${Number((n / 10_000).toFixed(2))}万元`;
  return `${Number(n.toFixed(2))}元`;
}

/** A share as a percentage with `digits` decimals, as the article gives each one (68%, 85.1%, 52.88%). */
export function pct(x: number | null, digits: number): string {
  return x === null ? '—' : `${Number((x * 100).toFixed(digits))}%`;
}

/** 南部县 -> 南部 (the article names counties without their suffix when listing them). */
const short = (name: string) => (name.length === 3 && /[县区市]$/.test(name) ? name.slice(0, 2) : name);

// ---------- building ----------

function indicatorColumns(keys: IndicatorKey[], lang: Lang): ReportColumn[] {
  return keys.map((k) => {
    const info = indicatorInfo(k);
    return { key: k, label: info[lang], unit: IndicatorUnitLabels[info.unit][lang], ratio: info.unit === 'RATIO' };
  });
}

/**
 * The monthly report of a region: every figure as of the end of `month`, from the same services as the
 * API (statistics, targets, funnel). A handful of statements: the region and its children's counters,
 * the year's exits, the targets, the funnel.
 */
export async function buildMonthlyReport(ctx: Context, region: Region, month: string): Promise<MonthlyReport> {
  const m = MONTH.exec(month);
  if (!m) throw new AppError('VALIDATION_FAILED', 'month', { detail: 'MONTH' });
  const year = Number(m[1]);
  const monthNo = Number(m[2]);
  const lang = ctx.lang;
  const period = resolvePeriod({ asOf: `${month}-01` });
  const asOf = period.to;
  const stats = new StatsService(ctx.em, ctx.loaders);
  const targets = new TargetService(ctx.em, ctx.loaders);
  const regions = new RegionService(ctx.em, ctx.loaders);

  const children = region.level === 'VILLAGE' ? [] : await regions.children(region.code);
  const codes = [region.code, ...children.map((c) => c.code)];
  const [counters, yearCounters, progressBy, funnels, supervision] = await Promise.all([
    stats.counters(codes, period),
    Promise.all(codes.map((c) => stats.counter(c, { from: `${year}-01-01`, to: asOf }))).then((list) => new Map(codes.map((c, k) => [c, list[k]]))),
    targets.progress(codes, region.code, year, asOf),
    new FunnelService(ctx.em).byRegion(codes, period),
    region.level === 'CITY' || region.level === 'COUNTY' ? supervisionOf(ctx, region, children, year, asOf) : Promise.resolve([]),
  ]);
  const values = new Map<string, IndicatorValues>(codes.map((c) => [c, indicatorValues(c, counters.get(c) ?? toCounters(undefined))]));
  const yearValues = new Map<string, IndicatorValues>(codes.map((c) => [c, indicatorValues(c, yearCounters.get(c) ?? toCounters(undefined))]));
  const v = values.get(region.code)!;
  const yv = yearValues.get(region.code)!;
  const progress = progressBy.get(region.code)!;
  const target = (i: keyof typeof TARGET_INDICATORS) => progress.find((p) => p.indicator === i);
  const names = (pred: (c: Region) => boolean) => children.filter(pred).map((c) => short(c.name)).join('、');
  const kid = (c: Region, k: IndicatorKey) => (values.get(c.code)![k] as number | null) ?? 0;

  const table = (keys: IndicatorKey[]): ReportTable => ({
    columns: indicatorColumns(keys, lang),
    rows: children.map((c) => ({ code: c.code, name: c.name, values: keys.map((k) => values.get(c.code)![k] as number | null) })),
    total: { code: region.code, name: lang === 'zh' ? '合计' : 'Total', values: keys.map((k) => v[k] as number | null) },
  });
  const asOfWords = `截止${monthNo}月`;
  const n = (k: IndicatorKey) => (v[k] as number | null) ?? 0;
  const sections: ReportSection[] = [];
  const section = (key: string, paragraphs: string[]) => {
    const def = REPORT_SECTIONS.find((s) => s.key === key)!;
    sections.push({ key, title: def[lang], paragraphs, table: table(def.columns) });
  };

  // 基本情况 and the year's targets.
  const poorCounties = n('poorCounties');
  const place = region.level === 'CITY' ? '全市' : region.name;
  const exitingCounties = children.filter((c) => (progressBy.get(c.code) ?? []).some((p) => p.indicator === 'COUNTIES_EXITING'));
  const goals: string[] = [];
  const people = target('PEOPLE_EXITING');
  const villages = target('VILLAGES_EXITING');
  if (people) goals.push(`确保${wan(people.target)}贫困人口脱贫`);
  if (villages) goals.push(`${villages.target}个贫困村出列`);
  if (exitingCounties.length) goals.push(`${exitingCounties.map((c) => c.name).join('、')}“摘帽”`);
  else if (target('COUNTIES_EXITING') && region.level === 'COUNTY') goals.push(`${region.name}“摘帽”`);
  section('registry', [
    `${region.name}${region.level === 'CITY' ? `辖${children.length}个县（市、区），` : ''}现有${poorCounties ? `${poorCounties}个贫困县、` : ''}${n('poorVillages')}个贫困村，建档立卡贫困劳动力${wan(n('laborers'))}人（${n('households')}户），其中有培训需求${n('trainingDemand')}人、转移就业需求${n('transferDemand')}人、创业需求${n('enterpriseDemand')}人。`,
    ...(goals.length ? [`今年，${region.level === 'CITY' ? '该市' : region.name}将${goals.join('，')}。`] : []),
  ]);

  // 技能就业
  const funnel = funnelSteps(funnels.get(region.code)!, lang);
  const step = (s: (typeof FUNNEL_STEP_KEYS)[number]) => funnel.find((f) => f.step === s)!;
  const menu = names((c) => kid(c, 'menuClasses') > 0);
  section('training', [
    `${asOfWords}，${place === '全市' ? '' : `${place}`}累计培训${n('trained')}人，占培训需求总人数的${pct(v.trainedShare, 0)}（培训需求${n('trainingDemand')}人）。其中就业培训${n('trainedEmployment')}人、创业培训${n('trainedEntrepreneurship')}人、品牌培训${n('trainedBrand')}人、其他培训${n('trainedOther')}人。通过培训后转移就业率达${pct(v.employedAfterTrainingRate, 0)}。`,
    ...(n('menuClasses') ? [`${menu ? `${menu}等` : ''}开展“菜单式”特色培训班${n('menuClasses')}个（全年培训班${n('trainingClasses')}期）。`] : []),
    `培训转化：报名参训${step('enrolled').count}人次，结业${step('completed').count}人次（${pct(step('completed').conversion, 1)}），取得证书${step('certified').count}人次，培训后就业${step('employed').count}人次（占结业${pct(step('employed').conversion, 1)}），稳定就业${step('stable').count}人次。`,
  ]);

  // 担保贷款与圆梦行动
  section('dream', [`同时，通过发放担保贷款${yuan(n('dreamLoanAmount'))}（${n('dreamLoans')}笔），对贫困家庭“两后生”实施圆梦行动，免费就读技工院校并给予生活补贴，圆梦行动学生${n('dreamStudents')}人。`]);

  // 转移就业
  const zero = n('zeroEmploymentHouseholds');
  const fairs = names((c) => kid(c, 'jobFairs') > 0);
  section('employment', [
    `${zero === 0 ? '“零转移”、“零就业”贫困家庭定点清除行动已全面完成' : `尚有“零就业”贫困家庭${zero}户`}，通过驻外办、商会、劳务合作累计转移就业${n('organisedTransfers')}人次，就地企业、园区、基地吸纳就业${n('absorbedLocally')}人次，稳定就业${n('stableEmployments')}人次。`,
    `目前，${place}贫困劳动力转移就业${n('transferEmployed')}人，占有转移就业需求总人数的${pct(v.transferEmployedShare, 1)}（转移就业需求${n('transferDemand')}人）。`,
    ...(n('jobFairs') ? [`${fairs ? `${fairs}等` : ''}召开就业扶贫专场招聘会${n('jobFairs')}场，送岗位${n('jobFairPosts')}个，${n('jobFairRegistered')}名贫困劳动力进场登记，${n('jobFairIntentions')}人达成意向性协议。`] : []),
  ]);

  // 公益性岗位
  const posts = names((c) => kid(c, 'welfarePosts') > 0);
  section('welfare', [`${posts ? `${posts}等` : place}重点针对建档立卡贫困劳动力开发公益性岗位${n('welfarePosts')}个，已安置贫困劳动力${n('welfarePlaced')}人。`]);

  // 创业就业: the region's figures, then each child's start-up subsidies and start-up loans.
  const highlights = [
    ...children.filter((c) => kid(c, 'subsidyPaidStartup') > 0).map((c) => `${c.name}帮助${kid(c, 'enterprisesStarted')}名贫困劳动力成功创业，发放各类创业补贴${yuan(kid(c, 'subsidyPaidStartup'))}`),
    ...children.filter((c) => kid(c, 'startupLoans') > 0).map((c) => `${c.name}发放各类创业担保贷款${kid(c, 'startupLoans')}个共计${yuan(kid(c, 'startupLoanAmount'))}`),
  ];
  section('enterprise', [
    `${asOfWords}，${place}帮扶${n('enterprisesStarted')}名贫困劳动者创业、占有创业需求总人数的${pct(v.enterprisesStartedShare, 2)}（创业需求${n('enterpriseDemand')}人），发放创业小贷款${yuan(n('startupLoanAmount'))}（${n('startupLoans')}笔）。${highlights.length ? `${highlights.join('；')}。` : ''}`,
  ]);

  // 政策补贴
  section('subsidies', [
    `${year}年补贴预算${yuan(yv.subsidyBudget ?? 0)}，${asOfWords}已审批${yuan(n('subsidyApproved'))}，已发放${yuan(n('subsidyPaid'))}，其中培训补贴${yuan(n('subsidyPaidTraining'))}、生活补贴${yuan(n('subsidyPaidLiving'))}、创业补贴${yuan(n('subsidyPaidStartup'))}、岗位补贴${yuan(n('subsidyPaidPost'))}、贷款贴息${yuan(n('subsidyPaidLoanInterest'))}、交通补贴${yuan(n('subsidyPaidTravel'))}。`,
  ]);

  // 目标任务: one row per child, each target's achieved and share.
  const indicators = (Object.keys(TARGET_INDICATORS) as (keyof typeof TARGET_INDICATORS)[]).filter((i) => codes.some((c) => progressBy.get(c)!.some((p) => p.indicator === i)));
  const cols: ReportColumn[] = indicators.flatMap((i) => {
    const t = TARGET_INDICATORS[i];
    return [
      { key: `${i}.target`, label: `${t[lang]}目标`, unit: t.unit, ratio: false },
      { key: `${i}.achieved`, label: `${t[lang]}完成`, unit: t.unit, ratio: false },
      { key: `${i}.share`, label: `${t[lang]}完成率`, unit: '%', ratio: true },
    ];
  });
  const targetRow = (code: string, name: string): ReportRow => {
    const list = progressBy.get(code)!;
    return {
      code,
      name,
      values: indicators.flatMap((i) => {
        const p = list.find((x) => x.indicator === i);
        return p ? [p.target, p.achieved, p.share] : [null, null, null];
      }),
    };
  };
  const expectedLine = progress.length ? `按时序进度（截至${asOf}应完成${pct(progress[0].expected, 1)}）` : '';
  sections.push({
    key: 'targets',
    title: lang === 'zh' ? '目标任务完成情况' : 'Targets and progress',
    paragraphs: progress.length
      ? [
          `${expectedLine}，${place}各项年度目标任务完成情况如下：`,
          ...progress.map(
            (p) =>
              `${TARGET_INDICATORS[p.indicator].zh}：年度目标${fmtTarget(p.indicator, p.target)}，已完成${fmtTarget(p.indicator, p.achieved)}，完成${pct(p.share, 1)}，应完成${pct(p.expected, 1)}，${TargetStatus.labels[p.status].zh}。`,
          ),
        ]
      : [`${place}${year}年尚未下达年度目标任务。`],
    table: { columns: cols, rows: children.map((c) => targetRow(c.code, c.name)), total: { ...targetRow(region.code, lang === 'zh' ? '合计' : 'Total') } },
  });

  // 督办清单
  const named = supervision;
  if (region.level === 'CITY' || region.level === 'COUNTY') {
    const lines = named.map(
      (p, i) =>
        `${i + 1}. ${p.name}${TARGET_INDICATORS[p.indicator].zh}：完成${pct(p.share, 1)}，应完成${pct(p.expected, 1)}，差${fmtTarget(p.indicator, Math.ceil(p.shortfall))}，${TargetStatus.labels[p.status].zh}。`,
    );
    sections.push({
      key: 'supervision',
      title: lang === 'zh' ? '督办清单' : 'Supervision list',
      paragraphs: named.length ? [`对进度滞后的${new Set(named.map((p) => p.regionCode)).size}个地区${named.length}项目标任务予以督办（汇总+督促）：`, ...lines] : ['各地区目标任务均按时序进度推进，无督办事项。'],
      table: {
        columns: [
          { key: 'indicator', label: '指标', unit: '', ratio: false },
          { key: 'target', label: '年度目标', unit: '', ratio: false },
          { key: 'achieved', label: '已完成', unit: '', ratio: false },
          { key: 'share', label: '完成率', unit: '%', ratio: true },
          { key: 'expected', label: '应完成', unit: '%', ratio: true },
          { key: 'shortfall', label: '差额', unit: '', ratio: false },
          { key: 'status', label: '状态', unit: '', ratio: false },
        ],
        rows: named.map((p) => ({
          code: p.regionCode,
          name: p.name,
          values: [null, p.target, p.achieved, p.share, p.expected, Math.ceil(p.shortfall), null],
          texts: [TARGET_INDICATORS[p.indicator][lang], null, null, null, null, null, TargetStatus.labels[p.status][lang]],
        })),
        total: { code: region.code, name: lang === 'zh' ? '合计' : 'Total', values: [null, null, null, null, null, null, null], texts: [`${named.length}项`, null, null, null, null, null, null] },
      },
    });
  }

  // The funnel table: a row per child.
  const funnelCols: ReportColumn[] = FUNNEL_STEP_KEYS.map((s) => ({ key: s, label: FUNNEL_STEPS[s][lang], unit: '人次', ratio: false }));
  const funnelRow = (code: string, name: string): ReportRow => ({ code, name, values: funnelSteps(funnels.get(code)!, lang).map((f: FunnelStepRow) => f.count) });
  const training = sections.find((s) => s.key === 'training')!;
  const funnelSection: ReportSection = {
    key: 'funnel',
    title: lang === 'zh' ? '培训就业转化' : 'Training funnel',
    paragraphs: [training.paragraphs[training.paragraphs.length - 1]],
    table: { columns: funnelCols, rows: children.map((c) => funnelRow(c.code, c.name)), total: funnelRow(region.code, lang === 'zh' ? '合计' : 'Total') },
  };
  sections.splice(sections.indexOf(training) + 1, 0, funnelSection);

  return {
    region,
    month,
    asOf,
    year,
    generatedAt: new Date(),
    title: `${region.name}就业扶贫工作月报（${year}年${monthNo}月）`,
    summary: sections.filter((s) => !['targets', 'supervision', 'funnel'].includes(s.key)).map((s) => s.paragraphs[0]),
    sections,
    progress,
    supervision: named,
    league: region.level === 'CITY' || region.level === 'COUNTY' ? rankLeague(children, progressBy) : [],
  };
}

function fmtTarget(i: keyof typeof TARGET_INDICATORS, x: number): string {
  return TARGET_INDICATORS[i].unit === '元' ? yuan(x) : `${Math.round(x)}${TARGET_INDICATORS[i].unit}`;
}

/** The supervision list below a county or the city, with names. */
async function supervisionOf(ctx: Context, region: Region, children: Region[], year: number, to: string): Promise<(Progress & { name: string })[]> {
  const list = await supervisionList(ctx, region, year, to);
  const regions = new RegionService(ctx.em, ctx.loaders);
  const named = await Promise.all(list.map(async (p) => ({ ...(p as unknown as Progress), name: children.find((c) => c.code === p.regionCode)?.name ?? (await regions.byCode(p.regionCode))?.name ?? p.regionCode })));
  return named.sort((a, b) => paceOf(a) - paceOf(b));
}
