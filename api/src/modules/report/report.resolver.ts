import { Arg, Ctx, Field, Float, ID, Int, Mutation, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { inTransaction } from '../../common/crud';
import { AppError } from '../../common/errors';
import { writeAudit } from '../audit/audit.subscriber';
import type { Context } from '../../context';
import { DateTime, LocalDate } from '../../common/scalars';
import { Statistics } from '../auth/access';
import { Region } from '../region/region.entity';
import { TargetLeagueEntry, TargetProgress } from '../targets/target.resolver';
import { reportRegion } from '../targets/target.resolver';
import { paceOf } from '../targets/target.service';
import { buildMonthlyReport, type MonthlyReport } from './report.service';

@ObjectType({ description: 'A column of a report table.' })
export class ReportColumnType {
  @Field({ description: 'Indicator key (or a computed figure: `TRAINED.share`, `status` ...).' })
  key!: string;
  @Field({ description: 'Label in the language of the request.' })
  label!: string;
  @Field({ description: 'Unit label (人, 人次, 元, % ...).' })
  unit!: string;
  @Field({ description: 'The values are fractions shown as percentages.' })
  ratio!: boolean;
}

@ObjectType({ description: 'A row of a report table: a region (or the totals) and its values, in column order.' })
export class ReportRowType {
  @Field(() => ID, { description: 'Region code.' })
  code!: string;
  @Field({ description: 'Region name, or 合计 for the totals.' })
  name!: string;
  @Field(() => [Float], { nullable: 'items', description: 'Values in column order; null where a figure does not apply.' })
  values!: (number | null)[];
  @Field(() => [String], { nullable: 'itemsAndList', description: 'Text cells in column order (a status, an indicator name), where the column holds text.' })
  texts?: (string | null)[];
}

@ObjectType({ description: 'A table of a report section: the children of the region as rows, the totals (the region itself, computed by the hub) last.' })
export class ReportTableType {
  @Field(() => [ReportColumnType], { description: 'Columns.' })
  columns!: ReportColumnType[];
  @Field(() => [ReportRowType], { description: 'One row per child region.' })
  rows!: ReportRowType[];
  @Field(() => ReportRowType, { description: 'The totals: the region itself.' })
  total!: ReportRowType;
}

@ObjectType({ description: 'A section of the monthly report: one programme, its sentences and its table.' })
export class ReportSectionType {
  @Field({ description: 'Key: registry, training, funnel, dream, employment, welfare, enterprise, subsidies, targets, supervision.' })
  key!: string;
  @Field({ description: 'Title.' })
  title!: string;
  @Field(() => [String], { description: 'Its figures in sentences.' })
  paragraphs!: string[];
  @Field(() => ReportTableType, { description: 'Its table.' })
  table!: ReportTableType;
}

@ObjectType({ description: 'The monthly report (月报) of a region: every figure as of the end of a month, from the same indicator definitions as the statistics.' })
export class MonthlyReportType {
  @Field(() => Region, { description: 'The region.' })
  region!: Region;
  @Field({ description: 'Month, YYYY-MM.' })
  month!: string;
  @Field(() => LocalDate, { description: 'Last day counted (the end of the month).' })
  asOf!: string;
  @Field(() => Int, { description: 'Year of the targets.' })
  year!: number;
  @Field(() => DateTime, { description: 'When it was made.' })
  generatedAt!: Date;
  @Field({ description: 'Title.' })
  title!: string;
  @Field(() => [String], { description: 'The headline figures in sentences.' })
  summary!: string[];
  @Field(() => [ReportSectionType], { description: 'Sections in the order of the report.' })
  sections!: ReportSectionType[];
  @Field(() => [TargetProgress], { description: "The region's progress on its targets." })
  progress!: TargetProgress[];
  @Field(() => [TargetProgress], { description: 'The supervision list (督办清单): targets behind the pace below the region.' })
  supervision!: TargetProgress[];
  @Field(() => [TargetLeagueEntry], { description: 'Its children ranked by progress on their targets (counties of the city, townships of a county; empty below).' })
  league!: TargetLeagueEntry[];
}

export function toReportType(r: MonthlyReport): MonthlyReportType {
  const gql = (p: (typeof r.progress)[number]) => Object.assign(new TargetProgress(), p, { pace: paceOf(p) });
  return Object.assign(new MonthlyReportType(), r, { progress: r.progress.map(gql), supervision: r.supervision.map(gql) });
}

@Resolver()
export class ReportResolver {
  @Statistics()
  @Query(() => MonthlyReportType, { description: "The monthly report (一键生成月报) of a region: a scoped user's own region or one below it. The workbook is at GET /report/monthly.xlsx?region=...&month=YYYY-MM." })
  async monthlyReport(
    @Arg('regionCode', () => ID, { nullable: true, description: "Region code (default: the user's scope, else the city)." }) regionCode: string | undefined,
    @Arg('month', { description: 'Month, YYYY-MM (figures as of its end).' }) month: string,
    @Ctx() ctx: Context,
  ): Promise<MonthlyReportType> {
    const region = await reportRegion(ctx, regionCode ?? ctx.principal?.scope ?? '511300000000');
    return toReportType(await buildMonthlyReport(ctx, region, month));
  }
}

export const ReportFormatEnum = { PRINT: 'PRINT', XLSX: 'XLSX' } as const;
registerEnumType(ReportFormatEnum, { name: 'ReportFormat', description: 'How a report left the hub.', valuesConfig: { PRINT: { description: 'Printed (or saved as PDF) from the report page.' }, XLSX: { description: 'The workbook.' } } });

@Resolver()
export class ReportExportResolver {
  @Statistics()
  @Mutation(() => Boolean, { description: 'Records that the report page of a region and month was printed or saved as PDF (audit action EXPORT); the workbook records itself.' })
  async recordReportExport(
    @Arg('regionCode', () => ID, { description: 'Region code of the report.' }) regionCode: string,
    @Arg('month', { description: 'Month of the report, YYYY-MM.' }) month: string,
    @Arg('format', () => ReportFormatEnum, { description: 'PRINT or XLSX.' }) format: 'PRINT' | 'XLSX',
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new AppError('VALIDATION_FAILED', 'month', { detail: 'MONTH' });
    const region = await reportRegion(ctx, regionCode);
    const p = ctx.principal!;
    await inTransaction(ctx, (tx) =>
      writeAudit(tx.em, [{ userId: p.userId, username: p.username, action: 'EXPORT', entity: 'MonthlyReport', recordId: `${region.code}:${month}`, regionCode: region.code, before: null, after: { format: format.toLowerCase(), month } }]),
    );
    return true;
  }
}

export const reportResolvers = [ReportResolver, ReportExportResolver];
