/** Labels of the map, the monthly report and the targets (merged into domain.ts's catalogue), both languages side by side. */
type Pair = { zh: string; en: string };
type Tree = { [key: string]: Pair | Tree };
const p = (zh: string, en: string): Pair => ({ zh, en });

export const reportApp: Tree = {
  report: {
    map: p('县(市、区)分布图', 'County map'),
    mapIndicator: p('按指标', 'Indicator'),
    mapProgress: p('目标进度', 'Target progress'),
    mapHint: p('点击县(市、区)查看下级乡镇(街道)；乡镇以下无边界数据，见下方表格。', 'Click a county to see its townships; below the county there are no outlines, see the table below.'),
    generate: p('一键生成月报', 'Monthly report'),
    month: p('月份', 'Month'),
    print: p('打印 / 导出PDF', 'Print / save as PDF'),
    download: p('下载Excel', 'Download Excel'),
    back: p('返回首页', 'Back to the dashboard'),
    made: p('制表日期', 'Made on'),
    period: p('统计期', 'Period'),
    unit: p('填报单位', 'Reporting unit'),
    page: p('南充市就业扶贫数据中台', 'Fupin Hub'),
    targets: p('年度目标任务完成情况', 'Targets and progress'),
    league: p('目标进度排名', 'Progress league table'),
    supervision: p('督办清单', 'Supervision list'),
    noSupervision: p('无督办事项', 'Nothing behind the pace'),
    indicator: p('指标', 'Indicator'),
    target: p('年度目标', 'Target'),
    achieved: p('已完成', 'Achieved'),
    share: p('完成率', 'Share'),
    expected: p('应完成', 'Expected'),
    status: p('状态', 'Status'),
    shortfall: p('差额', 'Shortfall'),
    pace: p('进度比', 'Pace'),
    region: p('地区', 'Region'),
    rank: p('名次', 'Rank'),
    chartTrained: p('各地累计培训人数', 'People trained by region'),
    chartPace: p('各地目标进度（完成率/应完成）', 'Pace of targets by region'),
  },
  menu: {
    targetProgress: p('目标进度督办', 'Target progress'),
  },
  targets: {
    title: p('目标进度督办', 'Target progress and supervision'),
    within: p('范围', 'Within'),
    city: p('全市（各县市区排名）', 'The city (counties ranked)'),
    year: p('年度', 'Year'),
    asOf: p('截至月份', 'As of month'),
    asOfText: p('统计至 %{date}；应完成按时间进度或全市月度进度计划计算。', 'Counted to %{date}; the expected share follows the time elapsed or the city\'s monthly profile.'),
    noTargets: p('该年度尚未下达目标任务', 'No targets set for this year'),
    manage: p('管理目标任务', 'Manage targets'),
    overall: p('综合进度', 'Overall'),
    mustBeCountyOrTownship: p('目标任务下达到县（市、区）或乡镇（街道），不下达到村', 'Targets are set for a county or a township, not a village'),
    region: p('下达地区', 'Region'),
    month: p('%{month}月', 'Month %{month}'),
    sharesHint: p('各月末累计应完成的百分比，逐月不减，12月为100%', 'Cumulative percentage expected by the end of each month, never decreasing, December 100%'),
  },
};

export const reportResources: Tree = {
  Target: {
    name: p('年度目标 |||| 年度目标', 'Target |||| Targets'),
    fields: {
      id: p('编号', 'Id'),
      regionId: p('地区', 'Region'),
      year: p('年度', 'Year'),
      indicator: p('指标', 'Indicator'),
      value: p('目标值', 'Target'),
      note: p('备注', 'Note'),
      createdAt: p('创建时间', 'Created'),
      regionCode: p('地区', 'Region'),
    },
  },
  TargetProfile: {
    name: p('月度进度计划 |||| 月度进度计划', 'Monthly profile |||| Monthly profiles'),
    fields: {
      id: p('编号', 'Id'),
      year: p('年度', 'Year'),
      indicator: p('指标', 'Indicator'),
      shares: p('各月累计进度', 'Cumulative shares by month'),
      createdAt: p('创建时间', 'Created'),
      updatedAt: p('修改时间', 'Changed'),
    },
  },
};
