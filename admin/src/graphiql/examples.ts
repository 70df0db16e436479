/** Example queries the GraphiQL page opens with: the region tree and the registry's list conventions. */
export const EXAMPLES: { title: string; query: string; variables?: string }[] = [
  {
    title: '区划下钻',
    query: `# 区划下钻：南充市 -> 县 -> 乡镇 -> 村，每一级是上一级的 children
query RegionDrillDown($county: ID!) {
  city: Region(id: "511300000000") {
    name
    children { code name isPoor exitYear descendantCount(level: VILLAGE) }
  }
  county: Region(id: $county) {
    name
    ancestors { name }
    children { code name children { code name isPoor } }
  }
}`,
    variables: JSON.stringify({ county: '511321000000' }, null, 2),
  },
  {
    title: '劳动力筛选',
    query: `# 劳动力筛选：某县有培训需求、1970至1990年出生的劳动力，一页20人，并给出总数
query Laborers($filter: LaborerFilter, $page: Int, $perPage: Int) {
  allLaborers(filter: $filter, page: $page, perPage: $perPage, sortField: "birthDate", sortOrder: DESC) {
    id name gender birthDate education
    wantsTraining wantsTransfer wantsEnterprise
    village { name } township { name }
    household { headName memberCount povertyStatus }
  }
  _allLaborersMeta(filter: $filter) { count }
}`,
    variables: JSON.stringify(
      { filter: { regionCode: '511321000000', wantsTraining: true, birthDate_gte: '1970-01-01', birthDate_lte: '1990-12-31' }, page: 0, perPage: 20 },
      null,
      2,
    ),
  },
  {
    title: '贫困户',
    query: `# 贫困户：某乡镇各村未脱贫的贫困户及其家庭劳动力
query Households($filter: HouseholdFilter) {
  allHouseholds(filter: $filter, perPage: 10, sortField: "headName") {
    id headName memberCount povertyStatus helperName
    village { name ancestors { name } }
    laborers { name gender age wantsTransfer }
  }
  _allHouseholdsMeta(filter: $filter) { count }
}`,
    variables: JSON.stringify({ filter: { regionCode: '511321100000', povertyStatus: 'POOR' } }, null, 2),
  },
];
