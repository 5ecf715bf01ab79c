// Regenerates the expected selections in this folder by running the JSONPath engines Spectral uses.
//
// Run it from a scratch folder that has the engines installed, never from the project:
//
//   mkdir /tmp/jsonpath-oracle && cd /tmp/jsonpath-oracle && npm init -y
//   npm install nimma@0.2.3 jsonpath-plus@10.4.0
//   node /path/to/tests/unit/jsonpath/data/generate.mjs
//
// Packages are loaded from the current directory, the way Spectral's runner loads them: nimma first,
// with nimma's jsonpath-plus adapter as the fallback for paths nimma cannot compile.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const load = createRequire(join(process.cwd(), 'package.json'));
const Nimma = load('nimma').default;
const { jsonPathPlus } = load('nimma/fallbacks');
const { JSONPath } = load('jsonpath-plus');
const versions = Object.fromEntries(
  ['nimma', 'jsonpath-plus', 'jsep'].map(name => [
    name, JSON.parse(readFileSync(join(process.cwd(), 'node_modules', name, 'package.json'), 'utf8')).version,
  ]),
);

// Engines report array positions as strings or numbers depending on the code path; the fixtures use the
// document's own shape: numbers under arrays, strings under objects.
function normalise(document, tokens) {
  const out = [];
  let node = document;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      out.push(Number(token));
      node = node[Number(token)];
    } else {
      out.push(String(token));
      node = node === null || node === undefined ? undefined : node[token];
    }
  }
  return out;
}

function record(document, expression, found) {
  const wantsKey = expression.endsWith('~');
  const results = found.map(([tokens, value]) => {
    const path = normalise(document, tokens);
    return wantsKey ? { path, key: value } : { path };
  });
  results.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return results;
}

function runSpectral(document, expression) {
  let engine = 'nimma';
  try {
    new Nimma([expression], { fallback: null, unsafe: false, output: 'auto', customShorthands: {} });
  } catch {
    engine = 'jsonpath-plus';
  }
  const found = [];
  try {
    const nimma = new Nimma([expression], {
      fallback: jsonPathPlus, unsafe: false, output: 'auto', customShorthands: {},
    });
    nimma.query(document, { [expression]: scope => found.push([[...scope.path], scope.value]) });
  } catch (error) {
    return { engine, error: messageOf(error) };
  }
  return { engine, results: record(document, expression, found) };
}

// With ignoreEvalErrors, a filter that throws for one node just does not select it: apilint's rule too.
function runJsonPathPlus(document, expression, ignoreEvalErrors = false) {
  try {
    const found = JSONPath({ path: expression, json: document, resultType: 'all', ignoreEvalErrors }).map(result => [
      JSONPath.toPathArray(result.path).slice(1).filter(token => token !== '~'),
      result.value,
    ]);
    return { results: record(document, expression, found) };
  } catch (error) {
    return { error: messageOf(error) };
  }
}

function messageOf(error) {
  const nested = Array.isArray(error.errors) ? error.errors.map(e => e.message).join('; ') : '';
  return `${error.constructor.name}: ${nested || error.message}`;
}

function suite(documentName, outputName, groups) {
  const document = JSON.parse(readFileSync(join(here, documentName), 'utf8'));
  const cases = [];
  for (const [group, paths] of Object.entries(groups)) {
    for (const path of paths) {
      cases.push({
        group,
        path,
        spectral: runSpectral(document, path),
        jsonpath_plus: runJsonPathPlus(document, path),
        jsonpath_plus_lenient: runJsonPathPlus(document, path, true),
      });
    }
  }
  // One case per line keeps the files small and their diffs readable.
  const header = `{"document": ${JSON.stringify(documentName)}, "versions": ${JSON.stringify(versions)}, "cases": [\n`;
  writeFileSync(join(here, outputName), header + cases.map(c => JSON.stringify(c)).join(',\n') + '\n]}\n');
  console.log(`${outputName}: ${cases.length} cases`);
}

suite('openapi.json', 'selections.json', {
  root: ['$'],
  child: [
    '$.info', '$.info.title', '$.paths', '$.info.x-logo.url', '$.x-foo.$ref', '$.components.schemas.Pet.required',
  ],
  quoted: [
    "$['info']", '$["info"]', "$.paths['/pets']", '$.paths["/pets/{petId}"].put', "$.paths['/a.b~c d']",
    "$.paths['/a.b~c d'].get.operationId", "$['x-foo']['*']", "$['x-foo']['a,b']", "$['x-foo']['1:2']",
    "$['x-foo']['-1']", "$..['$ref']", "$.components.schemas['Pet'].properties['name']",
  ],
  wildcard: [
    '$.*', '$[*]', '$.paths.*', '$.paths[*]', '$.paths[*].*', '$.*.*', '$.x-foo.*', '$.x-foo[*]', '$.tags[*].name',
  ],
  descendant: [
    '$..description', '$..$ref', '$..[*]', '$..*', '$..[0]', '$..parameters[*].name', '$.info..url',
    '$..schema.type', '$..properties.*', '$..responses.200', "$..responses['200']", '$..x-foo', '$..required[*]',
    '$..tags[0]', '$..[?(@.in)]', "$..[?(@.in === 'header')]", '$..parameters[?(@.required)]',
    '$..[?(@.type == "string")].minLength', '$..content[*].schema',
  ],
  index: [
    '$.servers[0]', '$.servers[1].url', '$.servers[5]', '$.tags[0].name', '$.servers.0', "$.servers['0']",
    '$.x-numbers[-1]', '$.x-foo[-1]', '$.x-foo.200', '$.x-foo[200]', "$.x-foo['200']", '$.paths[0]',
  ],
  slice: [
    '$.x-numbers[1:3]', '$.x-numbers[::2]', '$.x-numbers[-2:]', '$.x-numbers[:2]', '$.x-numbers[1:-1]',
    '$.x-numbers[10:100]', '$.x-numbers[-100:2]', '$.x-numbers[:]', '$.x-numbers[5:1]', '$.x-numbers[0:0]',
    '$.x-numbers[1::3]', '$.x-numbers[2:10:3]', '$.x-numbers[4::3]', '$.x-numbers[-5::2]', '$.x-numbers[::-1]',
    '$.x-numbers[3:0:-1]', '$.x-foo[0:1]', '$..parameters[1:]',
  ],
  union: [
    '$.paths[*][get,put]', '$.paths[*][get,put,post]', "$.paths[*]['get','delete']", '$.paths[*]["get","post"]',
    '$.x-numbers[0,2]', '$.x-numbers[0,2,-1]', '$.x-numbers[1:3,5]', '$.paths[*][get, put]',
    "$.paths[*]['get', 'put']", '$.x-foo[*,200]', '$[info,servers]',
  ],
  property_name: [
    '$.paths[*]~', '$.paths.*~', '$.info~', '$..deprecated~', '$.servers[*]~', '$.components.schemas[*]~',
    "$.paths[?(@property.startsWith('/pets'))]~", '$.paths[*].get^~', '$~',
  ],
  parent: [
    '$.paths^', '$.paths[*].get^', '$..description^', '$..$ref^', '$^', '$.paths[*].get^.put',
    "$..parameters[?(@.in == 'path')]^^", '$..enum^', '$.components.schemas.Pet.properties.id^^',
    '$..[?(@ && @.description)]^', '$.info.title^^', '$..in^^', '$..operationId^^',
  ],
  filter: [
    '$.paths[*][?(@.deprecated)]', '$.paths[*][?(!@.deprecated)]', '$.paths[*][?(@.deprecated === false)]',
    '$.paths[*][?(@ && @.deprecated)]', "$.paths[*][?(@property === 'get')]", "$.paths[?(@property !== '/pets')]",
    "$.paths[*][?(@property == 'get' || @property == 'put')]", '$.paths[*][?(@.responses && @.responses["200"])]',
    "$.paths[*][?(@.responses && @.responses['404'])]", "$.paths[*][?(@['x-rate-limit'] > 5)]",
    '$.paths[*][?(@.security && @.security.length === 0)]', '$.paths[*][?(@.responses && @.responses[200])]',
    "$.paths[*][?(@.tags && @.tags.includes('store'))]",
    "$.paths[*][?(@.operationId && @.operationId.match(/^list/))]", "$.paths[*][?(@property in ['get','put'])]",
    "$.tags[?(@.name === 'pets')]", '$.tags[?(@.description)]', '$.x-numbers[?(@property == 1)]',
    '$.x-numbers[?(@property === 1)]', "$.x-numbers[?(@property === '1')]", '$.x-numbers[?(@property < 3)]',
    "$.x-numbers[?(@property.startsWith('1'))]", '$.x-numbers[?(@ > 2)]', '$.x-numbers[?(@ == 5 || @ === "")]',
    '$.x-numbers[?(@ in [1, "5", null])]', "$.x-numbers[?(typeof @ === 'number' && @ > 2)]",
    '$[?(@.title)]', "$.info[?(@ === '\\u0050et Store')]", "$.info[?(@ === 'Pet\\x20Store')]",
    "$.components.schemas[?(@.type === 'object')].properties[?(@.type === 'string')]",
    "$..properties[?(@.enum)]", "$.paths[*][*].parameters[?(@.schema.type === 'integer')].name",
  ],
  filter_context: [
    "$.paths[*][?(@parentProperty === '/pets')]", "$.paths['/pets'][?(@parentProperty == '/pets')]",
    "$.paths[*][?(@parent['/pets'])]", '$.paths[*][?(@parent.get)]', '$.info[?(@parent.openapi)]',
    "$.info[?(@parentProperty === 'info')]", '$[?(@parentProperty === undefined)]', '$[?(@parent === undefined)]',
    '$[?(@parent === null)]', "$.paths[*][?(@path == \"$['paths']['/pets']['get']\")]",
    "$.paths[*].get.responses[?(@path == \"$['paths']['/pets']['get']['responses']['200']\")]",
    "$.paths[*].get.responses[?(@path == \"$['paths']['/pets']['get']['responses'][200]\")]",
    "$.x-numbers[?(@path == \"$['x-numbers'][1]\")]", "$.x-numbers[?(@path == \"$['x-numbers']['1']\")]",
    "$.tags[?(@root.openapi === '3.1.0')].name", '$.tags[?(@root.swagger)]',
    "$.paths[*][*].tags[?(@root.tags[0].name === @)]", '$.info[?(@property.length == 5)]',
  ],
  // Both engines throw on these at run time; apilint evaluates them. The companion paths spell the
  // same selection in a form the engines can run, so the expectation is still generated.
  engine_failures: [
    '$.x-numbers[?(@)]', '$.x-numbers[?(!!@)]', '$.paths[*][?(@.x.y)]', "$.paths[*][?('deprecated' in @)]",
    '$.paths[*][?(@.deprecated !== undefined)]', '$~',
  ],
  filter_descendant: [
    "$..[?(@parentProperty === 'responses')]", "$..[?(@property === 'description' && @parentProperty === '200')]",
    "$..[?(@path.startsWith(\"$['components']\") && @.type === 'string')]",
    "$.paths[*][?(@property.match(/^(get|put|post|delete)$/))]",
    '$..[?(@.operationId && @.operationId.match(/^[a-z]+[A-Z]/))]', '$..[?(@.description === "")]~',
    "$..parameters[?(@.in === 'header')].name", '$..[?(@.$ref)]', "$..[?(@['$ref'])]^",
    "$.paths[*][?(@parentProperty === '/pets')]^", "$..[?(@path === \"$['info']['title']\")]^",
    '$.tags[?(@root.openapi)]^', "$..[?(@property === 'in' && @parentProperty === 1)]^^",
  ],
  invalid: [
    '', 'paths', '$paths', '$.', '$..', '$.paths.', '$.paths[', '$.paths[*', '$.paths]', "$.paths['/pets",
    '$.paths[]', '$*', '$.info.ti tle', '$.paths[(@.length-1)]', '$.paths[?(@.x', '$.paths[?(@.x)',
    '$.paths[*][?(eval("1"))]', '$.paths[*][?(@.constructor)]', '$.paths[*][?(@.x = 1)]', '$.paths[*][?(`x`)]',
    '$.paths[*][?(@.foo())]', "$.paths[*][?(@['match'](/x/))]", '$.x-numbers[::0]', '$.paths~.x', '$.paths[*]~^',
    '$.paths[*][?(@.responses && @.responses.200)]', '$.paths[*][?(@.a + 1)]', '$.paths[*][?(@.a ? 1 : 2)]',
    '$.paths[*][?(Array.isArray(@))]',
  ],
});

const literals = [
  '0', '1', '-1', '0.5', "''", "'0'", "'1'", "' 1 '", "'abc'", 'true', 'false', 'null', 'undefined', '[]', '[1]',
];
const operators = ['==', '===', '!=', '!==', '<', '<=', '>', '>='];
const table = [];
for (const operator of operators) {
  for (const literal of literals) {
    table.push(`$.v[?(@ ${operator} ${literal})]`);
  }
}

suite('values.json', 'filters.json', {
  comparison: table,
  truthiness: ['$.v[?(!@)]', '$.v[?(!!@)]', '$.v[?(@ && true)]', '$.v[?(@ || false)]', '$.v[?(!(@))]'],
  typeof: ['string', 'number', 'boolean', 'object', 'undefined'].flatMap(name => [
    `$.v[?(typeof @ === '${name}')]`, `$.v[?(typeof @.a === '${name}')]`,
  ]),
  member: [
    '$.v[?(@.length)]', '$.v[?(@.length > 1)]', '$.v[?(@.length === 0)]', '$.v[?(@.a === 1)]', '$.v[?(@.b)]',
    "$.v[?(@['a'] == 1)]", '$.v[?(@[0] === 1)]', "$.v[?(@[0] === 'a')]", '$.v[?(@.a === undefined)]',
    '$.v[?(@.b.c)]', '$.v.obj[?(@.c)]',
  ],
  logic: [
    '$.v[?(@ === 1 || @ === 2)]', '$.v[?(@ > 0 && @ < 2)]', '$.v[?(!(@ > 0) && @ !== null)]',
    '$.v[?(@ === 0 || @ === 1 && @ === 2)]', '$.v[?((@ === 0 || @ === 1) && @ !== 1)]', '$.v[?(-@ === -1)]',
    '$.v[?(@ > -1 && @ < +1)]',
  ],
  in: [
    "$.v[?(@property in ['one','two'])]", '$.v[?(@ in [1, 2])]', "$.v[?(@ in ['1', true])]", '$.v[?(@ in [null])]',
    "$.v[?(@property in 'one two')]", '$.v[?(@ in [])]',
  ],
  methods: [
    "$.v[?(typeof @ === 'string' && @.startsWith('a'))]", "$.v[?(typeof @ === 'string' && @.endsWith('C'))]",
    "$.v[?(typeof @ === 'string' && @.includes('b'))]",
    "$.v[?(@property.startsWith('s'))]", "$.v[?(@property.endsWith('1'))]", "$.v[?(@property.includes('rr'))]",
    "$.v[?(@property.match(/^s\\d$/))]", "$.v[?(@property.match('^arr'))]", "$.strings[?(@.includes('-'))]",
    "$.v[?(typeof @ === 'string' && @.match(/\\d/g))]", "$.v[?(@.match && @.match(/a/i))]",
    "$.v.arrab[?(@.includes('a'))]", "$.v[?(typeof @ === 'object' && @ !== null && @.includes && @.includes(1))]",
    "$.strings[?(@.startsWith('/'))]", "$.strings[?(@.endsWith('name'))]", "$.strings[?(@.length > 10)]",
  ],
  regex: [
    '/^hello/', '/^HELLO/i', '/world$/', '/^second/', '/^second/m', '/line$/', '/line$/m', '/first.line/',
    '/line.second/', '/line.second/s', '/^\\d+$/', '/\\d/', '/^\\w+$/', '/caf\\w/', '/\\s/', '/a\\sb/',
    '/\\bcase\\b/', '/^[a-z]+(-[a-z]+)*$/', '/^[a-z]+(_[a-z]+)*$/', '/^[a-z][a-zA-Z]*$/', '/[\\u00e9]/',
    '/\\u{1F600}/u', '/^.{7}$/u', '/^.{8}$/', '/[^\\w\\s]/', '/[\\W]/', '/[^\\W]/', '/\\//', '/[/]/',
    '/^\\[a\\]/', '/^(?<word>[a-z]+) (?:world)$/', '/(x)-\\1/', '/end$/', '/end\\n$/', '/x.y/', '/x.y/s',
    '/a.b/', '/a.b/s', '/\\x41|\\u0041|\\./i', '/{petId}/', '/^[^]+$/', '/[^a-z ]/', '/L/gi',
  ].map(regex => `$.strings[?(@.match(${regex}))]`).concat([
    '$.strings[?(@.match(/x/y))]', '$.strings[?(@.match(/x/d))]', '$.strings[?(@.match(/x/v))]',
    "$.strings[?(@.match('^[a-z]+$'))]",
  ]),
});
